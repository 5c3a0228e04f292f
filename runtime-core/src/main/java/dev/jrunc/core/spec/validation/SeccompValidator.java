package dev.jrunc.core.spec.validation;

import dev.jrunc.core.spec.JsonPath;
import dev.jrunc.core.spec.KnownNames;
import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.LinuxSeccompArg;
import dev.jrunc.core.spec.LinuxSyscall;

import java.util.List;

import static dev.jrunc.core.spec.validation.Checks.allOf;
import static dev.jrunc.core.spec.validation.Checks.fail;
import static dev.jrunc.core.spec.validation.Checks.isEmpty;
import static dev.jrunc.core.spec.validation.Checks.notEmpty;
import static dev.jrunc.core.spec.validation.Checks.oneOf;
import static dev.jrunc.core.spec.validation.Checks.required;

/** {@code linux.seccomp} checks: names from the closed lists, and the errno/notify rules. */
final class SeccompValidator {

    /** Syscalls take at most six arguments. */
    private static final long MAX_ARG_INDEX = 5;

    private SeccompValidator() {
    }

    static void validate(String field, LinuxSeccomp seccomp) {
        if (seccomp == null) {
            return;
        }
        oneOf(field + ".defaultAction", seccomp.defaultAction(), KnownNames.SECCOMP_ACTIONS, "seccomp action");
        if (seccomp.defaultAction().equals("SCMP_ACT_NOTIFY")) {
            // Every syscall, including the ones the agent itself needs, would block (runc rule).
            throw fail(field + ".defaultAction", "SCMP_ACT_NOTIFY cannot be used as default action");
        }
        if (seccomp.defaultErrnoRet() != null && !takesErrno(seccomp.defaultAction())) {
            throw fail(field + ".defaultErrnoRet", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        }
        allOf(field + ".architectures", seccomp.architectures(), KnownNames.SECCOMP_ARCHITECTURES, "architecture");
        allOf(field + ".flags", seccomp.flags(), KnownNames.SECCOMP_FLAGS, "seccomp flag");
        if (!isEmpty(seccomp.listenerMetadata()) && isEmpty(seccomp.listenerPath())) {
            throw fail(field + ".listenerMetadata", "must not be set without listenerPath");
        }
        if (!isEmpty(seccomp.listenerPath()) && !seccomp.listenerPath().startsWith("/")) {
            throw fail(field + ".listenerPath", "must be an absolute path");
        }
        List<LinuxSyscall> syscalls = seccomp.syscalls();
        if (syscalls == null) {
            return;
        }
        for (int i = 0; i < syscalls.size(); i++) {
            syscall(JsonPath.index(field + ".syscalls", i), syscalls.get(i));
            if ("SCMP_ACT_NOTIFY".equals(syscalls.get(i).action()) && isEmpty(seccomp.listenerPath())) {
                throw fail(field + ".listenerPath", "must be set when SCMP_ACT_NOTIFY is used");
            }
        }
    }

    private static void syscall(String at, LinuxSyscall s) {
        if (s == null) {
            throw fail(at, "must not be null");
        }
        if (isEmpty(s.names())) {
            throw fail(at + ".names", "must not be empty");
        }
        for (int j = 0; j < s.names().size(); j++) {
            notEmpty(JsonPath.index(at + ".names", j), s.names().get(j));
        }
        oneOf(at + ".action", s.action(), KnownNames.SECCOMP_ACTIONS, "seccomp action");
        if (s.errnoRet() != null && !takesErrno(s.action())) {
            throw fail(at + ".errnoRet", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        }
        if (s.args() == null) {
            return;
        }
        for (int k = 0; k < s.args().size(); k++) {
            String argAt = JsonPath.index(at + ".args", k);
            LinuxSeccompArg a = s.args().get(k);
            if (a == null) {
                throw fail(argAt, "must not be null");
            }
            required(argAt + ".index", a.index());
            if (Long.compareUnsigned(a.index(), MAX_ARG_INDEX) > 0) {
                throw fail(argAt + ".index", "must be between 0 and " + MAX_ARG_INDEX);
            }
            required(argAt + ".value", a.value());
            oneOf(argAt + ".op", a.op(), KnownNames.SECCOMP_OPERATORS, "seccomp operator");
        }
    }

    private static boolean takesErrno(String action) {
        return action.equals("SCMP_ACT_ERRNO") || action.equals("SCMP_ACT_TRACE");
    }
}
