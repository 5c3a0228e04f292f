package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code linux.seccomp}: the filter; action/arch/flag names stay strings for the validator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSeccomp(
        String defaultAction,
        @Unsigned64 Long defaultErrnoRet,
        List<String> architectures,
        List<String> flags,
        String listenerPath,
        String listenerMetadata,
        List<LinuxSyscall> syscalls) {

    public LinuxSeccomp {
        architectures = Copies.list(architectures);
        flags = Copies.list(flags);
        syscalls = Copies.list(syscalls);
    }
}
