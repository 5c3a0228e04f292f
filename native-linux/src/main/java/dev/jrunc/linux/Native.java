package dev.jrunc.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Loads the libc binding on first use only: binding costs tens of milliseconds at start-up,
 * and the hot read-only commands ({@code state}, {@code list}) never need it.
 */
public final class Native {
    private Native() {
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    public static LibC libc() {
        return Holder.LIBC;
    }

    public static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** errno of the last call made through {@link #libc()} on this thread. */
    public static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    public static String strerror(int errno) {
        return libc().strerror(errno);
    }

    /** An exception naming what failed, with errno's text, e.g. "kill 42: No such process". */
    public static NativeException failure(String what) {
        int errno = errno();
        return new NativeException(what, errno, strerror(errno));
    }
}
