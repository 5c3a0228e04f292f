package dev.jrunc.core;

/** Versions jrunc reports. */
public final class Version {
    private Version() {
    }

    public static final String JRUNC = "0.1.0";
    /** The runtime-spec version jrunc implements; reported as a container's ociVersion. */
    public static final String OCI_SPEC = "1.3.0";
    public static final String OCI_SPEC_MIN = "1.0.0";
}
