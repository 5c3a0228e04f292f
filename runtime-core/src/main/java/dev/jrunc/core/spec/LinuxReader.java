package dev.jrunc.core.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@code linux} (config-linux.md) onto the records; {@code resources} and {@code seccomp}
 * have their own readers.
 */
final class LinuxReader {
    private LinuxReader() {
    }

    static Linux linux(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        List<IdMapping> uidMappings = null;
        List<IdMapping> gidMappings = null;
        Map<String, String> sysctl = null;
        LinuxResources resources = null;
        String cgroupsPath = null;
        List<LinuxNamespace> namespaces = null;
        List<LinuxDevice> devices = null;
        Map<String, LinuxNetDevice> netDevices = null;
        LinuxSeccomp seccomp = null;
        String rootfsPropagation = null;
        List<String> maskedPaths = null;
        List<String> readonlyPaths = null;
        String mountLabel = null;
        LinuxIntelRdt intelRdt = null;
        LinuxMemoryPolicy memoryPolicy = null;
        LinuxPersonality personality = null;
        Map<String, LinuxTimeOffset> timeOffsets = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "uidMappings" -> uidMappings = SpecReader.idMappings(in);
                case "gidMappings" -> gidMappings = SpecReader.idMappings(in);
                case "sysctl" -> sysctl = in.stringMap();
                case "resources" -> resources = ResourcesReader.resources(in);
                case "cgroupsPath" -> cgroupsPath = in.string();
                case "namespaces" -> namespaces = namespaces(in);
                case "devices" -> devices = devices(in);
                case "netDevices" -> netDevices = netDevices(in);
                case "seccomp" -> seccomp = SeccompReader.seccomp(in);
                case "rootfsPropagation" -> rootfsPropagation = in.string();
                case "maskedPaths" -> maskedPaths = in.strings();
                case "readonlyPaths" -> readonlyPaths = in.strings();
                case "mountLabel" -> mountLabel = in.string();
                case "intelRdt" -> intelRdt = intelRdt(in);
                case "memoryPolicy" -> memoryPolicy = memoryPolicy(in);
                case "personality" -> personality = personality(in);
                case "timeOffsets" -> timeOffsets = timeOffsets(in);
                default -> in.skip();
            }
        }
        return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, netDevices,
                seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt, memoryPolicy,
                personality, timeOffsets);
    }

    static List<LinuxNamespace> namespaces(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxNamespace> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(namespace(in));
        }
        return out;
    }

    static LinuxNamespace namespace(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String type = null;
        String path = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "type" -> type = in.string();
                case "path" -> path = in.string();
                default -> in.skip();
            }
        }
        return new LinuxNamespace(type, path);
    }

    static List<LinuxDevice> devices(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxDevice> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(device(in));
        }
        return out;
    }

    static LinuxDevice device(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String path = null;
        String type = null;
        Long major = null;
        Long minor = null;
        Long fileMode = null;
        Long uid = null;
        Long gid = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "path" -> path = in.string();
                case "type" -> type = in.string();
                case "major" -> major = in.int64();
                case "minor" -> minor = in.int64();
                case "fileMode" -> fileMode = in.uint32();
                case "uid" -> uid = in.uint32();
                case "gid" -> gid = in.uint32();
                default -> in.skip();
            }
        }
        return new LinuxDevice(path, type, major, minor, fileMode, uid, gid);
    }

    static Map<String, LinuxNetDevice> netDevices(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Map<String, LinuxNetDevice> out = new LinkedHashMap<>();
        for (String key = in.nextField(); key != null; key = in.nextField()) {
            out.put(key, netDevice(in));
        }
        return out;
    }

    static LinuxNetDevice netDevice(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String devName = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            if (name.equals("name")) {
                devName = in.string();
            } else {
                in.skip();
            }
        }
        return new LinuxNetDevice(devName);
    }

    static LinuxIntelRdt intelRdt(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String closId = null;
        List<String> schemata = null;
        String l3CacheSchema = null;
        String memBwSchema = null;
        Boolean enableMonitoring = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "closID" -> closId = in.string();
                case "schemata" -> schemata = in.strings();
                case "l3CacheSchema" -> l3CacheSchema = in.string();
                case "memBwSchema" -> memBwSchema = in.string();
                case "enableMonitoring" -> enableMonitoring = in.bool();
                default -> in.skip();
            }
        }
        return new LinuxIntelRdt(closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring);
    }

    static LinuxMemoryPolicy memoryPolicy(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String mode = null;
        String nodes = null;
        List<String> flags = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "mode" -> mode = in.string();
                case "nodes" -> nodes = in.string();
                case "flags" -> flags = in.strings();
                default -> in.skip();
            }
        }
        return new LinuxMemoryPolicy(mode, nodes, flags);
    }

    static LinuxPersonality personality(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String domain = null;
        List<String> flags = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "domain" -> domain = in.string();
                case "flags" -> flags = in.strings();
                default -> in.skip();
            }
        }
        return new LinuxPersonality(domain, flags);
    }

    static Map<String, LinuxTimeOffset> timeOffsets(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Map<String, LinuxTimeOffset> out = new LinkedHashMap<>();
        for (String key = in.nextField(); key != null; key = in.nextField()) {
            out.put(key, timeOffset(in));
        }
        return out;
    }

    static LinuxTimeOffset timeOffset(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long secs = null;
        Long nanosecs = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "secs" -> secs = in.int64();
                case "nanosecs" -> nanosecs = in.uint32();
                default -> in.skip();
            }
        }
        return new LinuxTimeOffset(secs, nanosecs);
    }
}
