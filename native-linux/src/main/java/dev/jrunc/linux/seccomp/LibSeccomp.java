package dev.jrunc.linux.seccomp;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * The libseccomp 2.5 calls that compile a filter, plus the two libc calls needed to take the
 * exported program back. libseccomp returns {@code -errno}; the libc calls set errno.
 * {@code uint32_t} values (actions, arch tokens) travel as Java ints with the same bits.
 */
public interface LibSeccomp {
    Pointer seccomp_init(int defaultAction);

    void seccomp_release(Pointer ctx);

    int seccomp_arch_resolve_name(String name);

    int seccomp_arch_native();

    int seccomp_arch_add(Pointer ctx, int archToken);

    int seccomp_syscall_resolve_name(String name);

    /** The number of {@code name} on {@code archToken}; -1 when unknown there (x32's have bit 30 set). */
    int seccomp_syscall_resolve_name_arch(int archToken, String name);

    int seccomp_attr_set(Pointer ctx, int attr, int value);

    /** {@code args}: {@code argCount} {@code struct scmp_arg_cmp}s in the host's byte order. */
    int seccomp_rule_add_array(Pointer ctx, int action, int syscall, int argCount, @In byte[] args);

    int seccomp_export_bpf(Pointer ctx, int fd);

    @SaveError int memfd_create(String name, int flags);

    @SaveError int close(int fd);

    String strerror(int errnum);
}
