package dev.jrunc.linux.seccomp;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Loads libseccomp on first use only: only a config with {@code linux.seccomp} pays for it.
 * {@code libseccomp.so.2} is the one name a system without the -dev package has.
 */
public final class Libseccomp {
    public static final String LIBRARY = "libseccomp.so.2";

    private Libseccomp() {
    }

    /** The binding, or why there is none; a class initializer must not throw, or every later use fails obscurely. */
    private static final class Holder {
        static final LibSeccomp LIB;
        static final String FAILURE;

        static {
            LibSeccomp lib = null;
            String failure = null;
            try {
                lib = LibraryLoader.create(LibSeccomp.class).library(LIBRARY).library("c").failImmediately().load();
            } catch (LinkageError | RuntimeException e) {
                failure = e.getMessage();
            }
            LIB = lib;
            FAILURE = failure;
        }
    }

    /** The binding; throws {@link SeccompUnavailableException} when libseccomp cannot be loaded. */
    public static LibSeccomp lib() {
        if (Holder.LIB == null) {
            throw new SeccompUnavailableException("cannot load " + LIBRARY + " (install libseccomp2): " + Holder.FAILURE);
        }
        return Holder.LIB;
    }

    /** errno of the last libc call made through {@link #lib()} on this thread. */
    public static int errno() {
        return Runtime.getRuntime(lib()).getLastError();
    }
}
