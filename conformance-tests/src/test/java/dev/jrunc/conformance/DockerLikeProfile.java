package dev.jrunc.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A profile shaped like Docker's default one (written for the tests, not copied): default
 * EPERM, an allow list, clone allowed only without namespace flags (MASKED_EQ), personality
 * only for a few values (EQ), clone3 answered with ENOSYS, three x86 architectures, and
 * names libseccomp does not know (skipped) or that exist only on 32-bit x86.
 */
final class DockerLikeProfile {
    /** Allowed unconditionally; clone is not among them (it has an argument rule). */
    static final List<String> ALLOWED = List.of(
            "accept", "accept4", "access", "alarm", "arch_prctl", "bind", "brk", "capget", "capset", "chdir",
            "chmod", "chown", "chown32", "clock_getres", "clock_gettime", "clock_nanosleep", "close",
            "close_range", "connect", "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create",
            "epoll_create1", "epoll_ctl", "epoll_pwait", "epoll_wait", "eventfd", "eventfd2", "execve",
            "execveat", "exit", "exit_group", "faccessat", "faccessat2", "fadvise64", "fallocate", "fchdir",
            "fchmod", "fchmodat", "fchown", "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flock",
            "fork", "fstat", "fstat64", "fstatfs", "fsync", "ftruncate", "futex", "getcwd", "getdents",
            "getdents64", "getegid", "geteuid", "getgid", "getgroups", "getitimer", "getpeername", "getpgid",
            "getpgrp", "getpid", "getppid", "getpriority", "getrandom", "getresgid", "getresuid", "getrlimit",
            "get_robust_list", "getrusage", "getsid", "getsockname", "getsockopt", "gettid", "gettimeofday",
            "getuid", "getxattr", "inotify_add_watch", "inotify_init1", "ioctl", "kill", "lchown", "lgetxattr",
            "link", "linkat", "listen", "lseek", "lstat", "madvise", "membarrier", "mkdir", "mkdirat", "mknod",
            "mknodat", "mmap", "mmap2", "mprotect", "mremap", "munmap", "nanosleep", "newfstatat", "open",
            "openat", "openat2", "pause", "pipe", "pipe2", "poll", "ppoll", "prctl", "pread64", "preadv",
            "prlimit64", "pselect6", "pwrite64", "pwritev", "read", "readlink", "readlinkat", "readv",
            "recvfrom", "recvmsg", "rename", "renameat", "renameat2", "restart_syscall", "rmdir", "rseq",
            "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn",
            "rt_sigsuspend", "rt_sigtimedwait", "sched_getaffinity", "sched_yield", "select", "sendfile",
            "sendmsg", "sendto", "setgid", "setgroups", "setitimer", "setpgid", "setpriority", "setresgid",
            "setresuid", "setsid", "setsockopt", "set_robust_list", "set_tid_address", "setuid", "shutdown",
            "sigaltstack", "socket", "socketcall", "socketpair", "stat", "stat64", "statfs", "statx",
            "symlink", "symlinkat", "sync", "sysinfo", "tgkill", "time", "times", "tkill", "truncate", "umask",
            "uname", "unlink", "unlinkat", "utimensat", "vfork", "wait4", "waitid", "waitpid", "write",
            "writev", "jrunc_syscall_from_the_future");

    private DockerLikeProfile() {
    }

    static ObjectNode json() {
        ObjectNode s = Bundle.JSON.createObjectNode();
        s.put("defaultAction", "SCMP_ACT_ERRNO").put("defaultErrnoRet", 1);
        s.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        ArrayNode rules = s.putArray("syscalls");
        ObjectNode allow = rules.addObject().put("action", "SCMP_ACT_ALLOW");
        ArrayNode names = allow.putArray("names");
        ALLOWED.forEach(names::add);
        for (long persona : new long[] {0, 8, 0x20000, 0x20008, 0xffffffffL}) {
            ObjectNode p = rules.addObject().put("action", "SCMP_ACT_ALLOW");
            p.putArray("names").add("personality");
            p.putArray("args").addObject().put("index", 0).put("value", persona).put("op", "SCMP_CMP_EQ");
        }
        ObjectNode clone = rules.addObject().put("action", "SCMP_ACT_ALLOW");
        clone.putArray("names").add("clone");
        // No CLONE_NEW* flag (0x7e020000) may be set.
        clone.putArray("args").addObject().put("index", 0).put("value", 0x7e020000L).put("valueTwo", 0)
                .put("op", "SCMP_CMP_MASKED_EQ");
        ObjectNode clone3 = rules.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 38);
        clone3.putArray("names").add("clone3");
        return s;
    }
}
