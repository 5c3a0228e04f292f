package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.ConfigException;

import java.util.List;

/** Spec operator names to libseccomp's {@code enum scmp_compare}. */
final class SeccompOperators {
    static final List<String> SUPPORTED = List.of(
            "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
            "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE");

    private SeccompOperators() {
    }

    static int value(String name, String field) {
        return switch (name) {
            case "SCMP_CMP_NE" -> 1;
            case "SCMP_CMP_LT" -> 2;
            case "SCMP_CMP_LE" -> 3;
            case "SCMP_CMP_EQ" -> 4;
            case "SCMP_CMP_GE" -> 5;
            case "SCMP_CMP_GT" -> 6;
            case "SCMP_CMP_MASKED_EQ" -> 7;
            default -> throw new ConfigException(field, "unknown seccomp operator \"" + name + "\"");
        };
    }
}
