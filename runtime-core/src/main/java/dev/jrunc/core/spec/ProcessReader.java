package dev.jrunc.core.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Maps {@code process} (config.md "Process" and its Linux parts) onto the records. */
final class ProcessReader {
    private ProcessReader() {
    }

    static Process process(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Boolean terminal = null;
        ConsoleSize consoleSize = null;
        User user = null;
        List<String> args = null;
        String commandLine = null;
        List<String> env = null;
        String cwd = null;
        LinuxCapabilities capabilities = null;
        List<PosixRlimit> rlimits = null;
        Boolean noNewPrivileges = null;
        String apparmorProfile = null;
        Integer oomScoreAdj = null;
        Scheduler scheduler = null;
        String selinuxLabel = null;
        LinuxIoPriority ioPriority = null;
        CpuAffinity execCpuAffinity = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "terminal" -> terminal = in.bool();
                case "consoleSize" -> consoleSize = consoleSize(in);
                case "user" -> user = user(in);
                case "args" -> args = in.strings();
                case "commandLine" -> commandLine = in.string();
                case "env" -> env = in.strings();
                case "cwd" -> cwd = in.string();
                case "capabilities" -> capabilities = capabilities(in);
                case "rlimits" -> rlimits = rlimits(in);
                case "noNewPrivileges" -> noNewPrivileges = in.bool();
                case "apparmorProfile" -> apparmorProfile = in.string();
                case "oomScoreAdj" -> oomScoreAdj = in.int32();
                case "scheduler" -> scheduler = scheduler(in);
                case "selinuxLabel" -> selinuxLabel = in.string();
                case "ioPriority" -> ioPriority = ioPriority(in);
                case "execCPUAffinity" -> execCpuAffinity = cpuAffinity(in);
                default -> in.skip();
            }
        }
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCpuAffinity);
    }

    static ConsoleSize consoleSize(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long height = null;
        Long width = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "height" -> height = in.uint64();
                case "width" -> width = in.uint64();
                default -> in.skip();
            }
        }
        return new ConsoleSize(height, width);
    }

    static User user(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long uid = null;
        Long gid = null;
        Long umask = null;
        List<Long> additionalGids = null;
        String username = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "uid" -> uid = in.uint32();
                case "gid" -> gid = in.uint32();
                case "umask" -> umask = in.uint32();
                // Range-checked by the validator, as before: plain int64 here.
                case "additionalGids" -> additionalGids = in.int64s();
                case "username" -> username = in.string();
                default -> in.skip();
            }
        }
        return new User(uid, gid, umask, additionalGids, username);
    }

    static LinuxCapabilities capabilities(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        List<String> bounding = null;
        List<String> effective = null;
        List<String> inheritable = null;
        List<String> permitted = null;
        List<String> ambient = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "bounding" -> bounding = in.strings();
                case "effective" -> effective = in.strings();
                case "inheritable" -> inheritable = in.strings();
                case "permitted" -> permitted = in.strings();
                case "ambient" -> ambient = in.strings();
                default -> in.skip();
            }
        }
        return new LinuxCapabilities(bounding, effective, inheritable, permitted, ambient);
    }

    static List<PosixRlimit> rlimits(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<PosixRlimit> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(rlimit(in));
        }
        return out;
    }

    static PosixRlimit rlimit(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String type = null;
        Long hard = null;
        Long soft = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "type" -> type = in.string();
                case "hard" -> hard = in.uint64();
                case "soft" -> soft = in.uint64();
                default -> in.skip();
            }
        }
        return new PosixRlimit(type, hard, soft);
    }

    static Scheduler scheduler(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String policy = null;
        Integer nice = null;
        Integer priority = null;
        List<String> flags = null;
        Long runtime = null;
        Long deadline = null;
        Long period = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "policy" -> policy = in.string();
                case "nice" -> nice = in.int32();
                case "priority" -> priority = in.int32();
                case "flags" -> flags = in.strings();
                case "runtime" -> runtime = in.uint64();
                case "deadline" -> deadline = in.uint64();
                case "period" -> period = in.uint64();
                default -> in.skip();
            }
        }
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period);
    }

    static LinuxIoPriority ioPriority(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String ioClass = null;
        Integer priority = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "class" -> ioClass = in.string();
                case "priority" -> priority = in.int32();
                default -> in.skip();
            }
        }
        return new LinuxIoPriority(ioClass, priority);
    }

    static CpuAffinity cpuAffinity(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String initial = null;
        String finalCpus = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "initial" -> initial = in.string();
                case "final" -> finalCpus = in.string();
                default -> in.skip();
            }
        }
        return new CpuAffinity(initial, finalCpus);
    }
}
