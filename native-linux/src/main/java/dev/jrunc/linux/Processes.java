package dev.jrunc.linux;

/** Signals and reaping through libc. */
public final class Processes {
    private Processes() {
    }

    /** Sends a signal; false when the process does not exist (ESRCH). */
    public static boolean signal(int pid, int signal) {
        if (Native.libc().kill(pid, signal) == 0) {
            return true;
        }
        if (Native.errno() == LinuxConstants.ESRCH) {
            return false;
        }
        throw Native.failure("kill " + pid + " " + Signals.name(signal));
    }

    /** Waits for a child to exit; returns the raw wait status, or -1 if it is not our child (any more). */
    public static int waitFor(int pid) {
        int[] status = new int[1];
        while (Native.libc().waitpid(pid, status, 0) < 0) {
            int errno = Native.errno();
            if (errno == LinuxConstants.ECHILD) {
                return -1;
            }
            if (errno != LinuxConstants.EINTR) {
                throw Native.failure("waitpid " + pid);
            }
        }
        return status[0];
    }

    public static void setChildSubreaper() {
        if (Native.libc().prctl(LinuxConstants.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
            throw Native.failure("prctl(PR_SET_CHILD_SUBREAPER)");
        }
    }

    /** Replaces this process (same pid) with another program. Returns only on failure. */
    public static NativeException exec(String path, String[] argv, String[] envp) {
        Native.libc().execve(path, argv, envp);
        return Native.failure("execve " + path);
    }
}
