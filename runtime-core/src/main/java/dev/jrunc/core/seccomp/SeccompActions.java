package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.ConfigException;

import java.util.List;

/** Spec action names to libseccomp's {@code SCMP_ACT_*} values (seccomp.h of libseccomp 2.5). */
final class SeccompActions {
    /** EPERM: the errno of SCMP_ACT_ERRNO and the value of SCMP_ACT_TRACE without errnoRet, as runc. */
    private static final long DEFAULT_RET = 1;
    private static final long MAX_RET = 0xFFFF;

    static final String NOTIFY = "SCMP_ACT_NOTIFY";

    static final List<String> SUPPORTED = List.of(
            "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", NOTIFY, "SCMP_ACT_TRACE", "SCMP_ACT_TRAP");

    private SeccompActions() {
    }

    /**
     * The action value; {@code errnoRet} counts only for ERRNO and TRACE, as in runc.
     * {@code field} names the action, {@code retField} the errnoRet, for errors.
     */
    static int value(String name, Long errnoRet, String field, String retField) {
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> 0x00000000;
            case "SCMP_ACT_KILL_PROCESS" -> 0x80000000;
            case "SCMP_ACT_TRAP" -> 0x00030000;
            case "SCMP_ACT_ERRNO" -> 0x00050000 | ret(errnoRet, retField);
            case "SCMP_ACT_TRACE" -> 0x7ff00000 | ret(errnoRet, retField);
            case "SCMP_ACT_LOG" -> 0x7ffc0000;
            case "SCMP_ACT_ALLOW" -> 0x7fff0000;
            case NOTIFY -> 0x7fc00000;
            default -> throw new ConfigException(field, "unknown seccomp action \"" + name + "\"");
        };
    }

    private static int ret(Long errnoRet, String retField) {
        long v = errnoRet == null ? DEFAULT_RET : errnoRet;
        if (Long.compareUnsigned(v, MAX_RET) > 0) {
            throw new ConfigException(retField, Long.toUnsignedString(v) + " does not fit the 16 bits of a seccomp return value");
        }
        return (int) v;
    }
}
