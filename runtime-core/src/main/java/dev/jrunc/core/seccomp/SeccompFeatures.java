package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.Features;

/** The {@code linux.seccomp} part of {@code jrunc features}: exactly what the compiler and jrunc-init do. */
public final class SeccompFeatures {
    private SeccompFeatures() {
    }

    public static Features.Seccomp current() {
        return new Features.Seccomp(true, SeccompActions.SUPPORTED, SeccompOperators.SUPPORTED,
                SeccompArchitectures.SUPPORTED, SeccompFlags.KNOWN, SeccompFlags.KNOWN);
    }
}
