package dev.jrunc.core.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Maps {@code linux.seccomp} onto the records. */
final class SeccompReader {
    private SeccompReader() {
    }

    static LinuxSeccomp seccomp(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String defaultAction = null;
        Long defaultErrnoRet = null;
        List<String> architectures = null;
        List<String> flags = null;
        String listenerPath = null;
        String listenerMetadata = null;
        List<LinuxSyscall> syscalls = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "defaultAction" -> defaultAction = in.string();
                case "defaultErrnoRet" -> defaultErrnoRet = in.uint64();
                case "architectures" -> architectures = in.strings();
                case "flags" -> flags = in.strings();
                case "listenerPath" -> listenerPath = in.string();
                case "listenerMetadata" -> listenerMetadata = in.string();
                case "syscalls" -> syscalls = syscalls(in);
                default -> in.skip();
            }
        }
        return new LinuxSeccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath,
                listenerMetadata, syscalls);
    }

    static List<LinuxSyscall> syscalls(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxSyscall> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(syscall(in));
        }
        return out;
    }

    static LinuxSyscall syscall(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        List<String> names = null;
        String action = null;
        Long errnoRet = null;
        List<LinuxSeccompArg> args = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "names" -> names = in.strings();
                case "action" -> action = in.string();
                case "errnoRet" -> errnoRet = in.uint64();
                case "args" -> args = args(in);
                default -> in.skip();
            }
        }
        return new LinuxSyscall(names, action, errnoRet, args);
    }

    static List<LinuxSeccompArg> args(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxSeccompArg> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(arg(in));
        }
        return out;
    }

    static LinuxSeccompArg arg(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long index = null;
        Long value = null;
        Long valueTwo = null;
        String op = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "index" -> index = in.uint64();
                case "value" -> value = in.uint64();
                case "valueTwo" -> valueTwo = in.uint64();
                case "op" -> op = in.string();
                default -> in.skip();
            }
        }
        return new LinuxSeccompArg(index, value, valueTwo, op);
    }
}
