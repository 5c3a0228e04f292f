package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One {@code seccomp.syscalls} rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSyscall(
        List<String> names,
        String action,
        @Unsigned64 Long errnoRet,
        List<LinuxSeccompArg> args) {

    public LinuxSyscall {
        names = Copies.list(names);
        args = Copies.list(args);
    }
}
