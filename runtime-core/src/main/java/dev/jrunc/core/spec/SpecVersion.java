package dev.jrunc.core.spec;

/**
 * The runtime-spec versions jrunc implements. {@link #CURRENT} is what {@code jrunc spec}
 * writes, what {@code state} reports as {@code ociVersion}, and {@code features}'
 * {@code ociVersionMax}.
 */
public final class SpecVersion {

    /** Oldest {@code ociVersion} accepted (features {@code ociVersionMin}). */
    public static final String MIN = "1.0.0";

    /** Newest spec version implemented (features {@code ociVersionMax}). */
    public static final String CURRENT = "1.3.0";

    private SpecVersion() {
    }
}
