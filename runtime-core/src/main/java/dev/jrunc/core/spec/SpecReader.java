package dev.jrunc.core.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps the top level of config.json (config.md: root, mounts, hooks) onto the records. The
 * {@code process} and {@code linux} sections have their own readers. Each method is entered
 * with the cursor on the value's first token; unknown members are skipped.
 */
final class SpecReader {
    private SpecReader() {
    }

    /**
     * Reads a document whose root is one of the spec records ({@code config.json} is a
     * {@link Spec}; tools may hand over a lone {@link Process} and the like).
     */
    static Object document(Class<?> type, JsonCursor in) throws IOException {
        if (type == Spec.class) {
            return spec(in);
        }
        Object value = processPart(type, in);
        if (value == NONE) {
            value = linuxPart(type, in);
        }
        if (value == NONE) {
            value = topLevelPart(type, in);
        }
        if (value == NONE) {
            throw new IllegalArgumentException("no JSON reader for " + type.getName());
        }
        return value;
    }

    /** Marks "not a type of this group" in {@link #document}. */
    private static final Object NONE = new Object();

    private static Object topLevelPart(Class<?> type, JsonCursor in) throws IOException {
        if (type == Root.class) {
            return root(in);
        } else if (type == Mount.class) {
            return mount(in);
        } else if (type == IdMapping.class) {
            return idMapping(in);
        } else if (type == Hooks.class) {
            return hooks(in);
        } else if (type == Hook.class) {
            return hook(in);
        }
        return NONE;
    }

    private static Object processPart(Class<?> type, JsonCursor in) throws IOException {
        if (type == Process.class) {
            return ProcessReader.process(in);
        } else if (type == ConsoleSize.class) {
            return ProcessReader.consoleSize(in);
        } else if (type == User.class) {
            return ProcessReader.user(in);
        } else if (type == LinuxCapabilities.class) {
            return ProcessReader.capabilities(in);
        } else if (type == PosixRlimit.class) {
            return ProcessReader.rlimit(in);
        } else if (type == Scheduler.class) {
            return ProcessReader.scheduler(in);
        } else if (type == LinuxIoPriority.class) {
            return ProcessReader.ioPriority(in);
        } else if (type == CpuAffinity.class) {
            return ProcessReader.cpuAffinity(in);
        }
        return NONE;
    }

    private static Object linuxPart(Class<?> type, JsonCursor in) throws IOException {
        if (type == Linux.class) {
            return LinuxReader.linux(in);
        } else if (type == LinuxNamespace.class) {
            return LinuxReader.namespace(in);
        } else if (type == LinuxDevice.class) {
            return LinuxReader.device(in);
        } else if (type == LinuxNetDevice.class) {
            return LinuxReader.netDevice(in);
        } else if (type == LinuxIntelRdt.class) {
            return LinuxReader.intelRdt(in);
        } else if (type == LinuxMemoryPolicy.class) {
            return LinuxReader.memoryPolicy(in);
        } else if (type == LinuxPersonality.class) {
            return LinuxReader.personality(in);
        } else if (type == LinuxTimeOffset.class) {
            return LinuxReader.timeOffset(in);
        } else if (type == LinuxSeccomp.class) {
            return SeccompReader.seccomp(in);
        } else if (type == LinuxSyscall.class) {
            return SeccompReader.syscall(in);
        } else if (type == LinuxSeccompArg.class) {
            return SeccompReader.arg(in);
        }
        return resourcesPart(type, in);
    }

    private static Object resourcesPart(Class<?> type, JsonCursor in) throws IOException {
        if (type == LinuxResources.class) {
            return ResourcesReader.resources(in);
        } else if (type == LinuxDeviceCgroup.class) {
            return ResourcesReader.deviceRule(in);
        } else if (type == LinuxMemory.class) {
            return ResourcesReader.memory(in);
        } else if (type == LinuxCpu.class) {
            return ResourcesReader.cpu(in);
        } else if (type == LinuxPids.class) {
            return ResourcesReader.pids(in);
        } else if (type == LinuxBlockIo.class) {
            return ResourcesReader.blockIo(in);
        } else if (type == LinuxWeightDevice.class) {
            return ResourcesReader.weightDevice(in);
        } else if (type == LinuxThrottleDevice.class) {
            return ResourcesReader.throttleDevice(in);
        } else if (type == LinuxHugepageLimit.class) {
            return ResourcesReader.hugepageLimit(in);
        } else if (type == LinuxNetwork.class) {
            return ResourcesReader.network(in);
        } else if (type == LinuxInterfacePriority.class) {
            return ResourcesReader.priority(in);
        } else if (type == LinuxRdma.class) {
            return ResourcesReader.rdmaLimit(in);
        }
        return NONE;
    }

    static Spec spec(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String ociVersion = null;
        Process process = null;
        Root root = null;
        String hostname = null;
        String domainname = null;
        List<Mount> mounts = null;
        Hooks hooks = null;
        Map<String, String> annotations = null;
        Linux linux = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "ociVersion" -> ociVersion = in.string();
                case "process" -> process = ProcessReader.process(in);
                case "root" -> root = root(in);
                case "hostname" -> hostname = in.string();
                case "domainname" -> domainname = in.string();
                case "mounts" -> mounts = mounts(in);
                case "hooks" -> hooks = hooks(in);
                case "annotations" -> annotations = in.stringMap();
                case "linux" -> linux = LinuxReader.linux(in);
                default -> in.skip();
            }
        }
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    static Root root(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String path = null;
        Boolean readonly = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "path" -> path = in.string();
                case "readonly" -> readonly = in.bool();
                default -> in.skip();
            }
        }
        return new Root(path, readonly);
    }

    static List<Mount> mounts(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<Mount> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(mount(in));
        }
        return out;
    }

    static Mount mount(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String destination = null;
        String type = null;
        String source = null;
        List<String> options = null;
        List<IdMapping> uidMappings = null;
        List<IdMapping> gidMappings = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "destination" -> destination = in.string();
                case "type" -> type = in.string();
                case "source" -> source = in.string();
                case "options" -> options = in.strings();
                case "uidMappings" -> uidMappings = idMappings(in);
                case "gidMappings" -> gidMappings = idMappings(in);
                default -> in.skip();
            }
        }
        return new Mount(destination, type, source, options, uidMappings, gidMappings);
    }

    /** {@code uidMappings}/{@code gidMappings} of a mount or of {@code linux}. */
    static List<IdMapping> idMappings(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<IdMapping> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(idMapping(in));
        }
        return out;
    }

    static IdMapping idMapping(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long containerId = null;
        Long hostId = null;
        Long size = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "containerID" -> containerId = in.uint32();
                case "hostID" -> hostId = in.uint32();
                case "size" -> size = in.uint32();
                default -> in.skip();
            }
        }
        return new IdMapping(containerId, hostId, size);
    }

    static Hooks hooks(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        List<Hook> prestart = null;
        List<Hook> createRuntime = null;
        List<Hook> createContainer = null;
        List<Hook> startContainer = null;
        List<Hook> poststart = null;
        List<Hook> poststop = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "prestart" -> prestart = hookList(in);
                case "createRuntime" -> createRuntime = hookList(in);
                case "createContainer" -> createContainer = hookList(in);
                case "startContainer" -> startContainer = hookList(in);
                case "poststart" -> poststart = hookList(in);
                case "poststop" -> poststop = hookList(in);
                default -> in.skip();
            }
        }
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop);
    }

    private static List<Hook> hookList(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<Hook> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(hook(in));
        }
        return out;
    }

    static Hook hook(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String path = null;
        List<String> args = null;
        List<String> env = null;
        Integer timeout = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "path" -> path = in.string();
                case "args" -> args = in.strings();
                case "env" -> env = in.strings();
                case "timeout" -> timeout = in.int32();
                default -> in.skip();
            }
        }
        return new Hook(path, args, env, timeout);
    }
}
