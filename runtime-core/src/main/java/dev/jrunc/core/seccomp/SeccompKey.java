package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.LinuxSeccompArg;
import dev.jrunc.core.spec.LinuxSyscall;

import java.util.List;

/**
 * An unambiguous text of everything a compiled seccomp program depends on: the filter as
 * configured and the environment that compiled it (jrunc, libseccomp, the kernel, which
 * libseccomp consults for the flags and actions it may use). Every value is written with its
 * length, so that no two different filters share a key: a cache hit must never hand a
 * container someone else's filter.
 */
final class SeccompKey {
    /**
     * What jrunc does to libseccomp's program besides compiling it (the ENOSYS prologue);
     * a new value whenever that changes, so that no entry from before is used.
     */
    static final String PROGRAM_FORMAT = "libseccomp+enosys-prologue/1";

    private final StringBuilder out = new StringBuilder(256);

    private SeccompKey() {
    }

    static String of(String environment, LinuxSeccomp s) {
        SeccompKey k = new SeccompKey();
        k.str(PROGRAM_FORMAT);
        k.str(environment);
        k.str(s.defaultAction());
        k.num(s.defaultErrnoRet());
        k.strs(s.architectures());
        k.strs(s.flags());
        k.str(s.listenerPath());
        k.str(s.listenerMetadata());
        List<LinuxSyscall> syscalls = s.syscalls();
        k.count(syscalls);
        if (syscalls != null) {
            for (LinuxSyscall c : syscalls) {
                k.syscall(c);
            }
        }
        return k.out.toString();
    }

    private void syscall(LinuxSyscall c) {
        if (c == null) {
            out.append('~');
            return;
        }
        strs(c.names());
        str(c.action());
        num(c.errnoRet());
        count(c.args());
        if (c.args() != null) {
            for (LinuxSeccompArg a : c.args()) {
                if (a == null) {
                    out.append('~');
                    continue;
                }
                num(a.index());
                num(a.value());
                num(a.valueTwo());
                str(a.op());
            }
        }
    }

    private void strs(List<String> list) {
        count(list);
        if (list != null) {
            list.forEach(this::str);
        }
    }

    private void count(List<?> list) {
        out.append(list == null ? "~" : "#" + list.size()).append(';');
    }

    private void str(String s) {
        if (s == null) {
            out.append('~');
        } else {
            out.append(s.length()).append(':').append(s);
        }
        out.append(';');
    }

    private void num(Long n) {
        out.append(n == null ? "~" : Long.toUnsignedString(n)).append(';');
    }
}
