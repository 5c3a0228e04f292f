package dev.jrunc.core.seccomp;

import java.util.List;
import java.util.Locale;

/** Spec architecture names and libseccomp's names for them. */
final class SeccompArchitectures {
    private static final String PREFIX = "SCMP_ARCH_";

    /** The spec's architectures that libseccomp 2.5 knows (checked against the library by a test). */
    static final List<String> SUPPORTED = List.of(
            "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
            "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PARISC",
            "SCMP_ARCH_PARISC64", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64",
            "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64");

    private SeccompArchitectures() {
    }

    /** libseccomp's name ({@code seccomp_arch_resolve_name}): the spec name without prefix, lower case. */
    static String libseccompName(String specName) {
        if (!specName.startsWith(PREFIX)) {
            return null;
        }
        return specName.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    }
}
