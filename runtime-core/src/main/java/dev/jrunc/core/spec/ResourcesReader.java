package dev.jrunc.core.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps {@code linux.resources} (cgroup settings) onto the records. */
final class ResourcesReader {
    private ResourcesReader() {
    }

    static LinuxResources resources(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        List<LinuxDeviceCgroup> devices = null;
        LinuxMemory memory = null;
        LinuxCpu cpu = null;
        LinuxPids pids = null;
        LinuxBlockIo blockIo = null;
        List<LinuxHugepageLimit> hugepageLimits = null;
        LinuxNetwork network = null;
        Map<String, LinuxRdma> rdma = null;
        Map<String, String> unified = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "devices" -> devices = deviceRules(in);
                case "memory" -> memory = memory(in);
                case "cpu" -> cpu = cpu(in);
                case "pids" -> pids = pids(in);
                case "blockIO" -> blockIo = blockIo(in);
                case "hugepageLimits" -> hugepageLimits = hugepageLimits(in);
                case "network" -> network = network(in);
                case "rdma" -> rdma = rdma(in);
                case "unified" -> unified = in.stringMap();
                default -> in.skip();
            }
        }
        return new LinuxResources(devices, memory, cpu, pids, blockIo, hugepageLimits, network, rdma, unified);
    }

    static List<LinuxDeviceCgroup> deviceRules(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxDeviceCgroup> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(deviceRule(in));
        }
        return out;
    }

    static LinuxDeviceCgroup deviceRule(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Boolean allow = null;
        String type = null;
        Long major = null;
        Long minor = null;
        String access = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "allow" -> allow = in.bool();
                case "type" -> type = in.string();
                case "major" -> major = in.int64();
                case "minor" -> minor = in.int64();
                case "access" -> access = in.string();
                default -> in.skip();
            }
        }
        return new LinuxDeviceCgroup(allow, type, major, minor, access);
    }

    static LinuxMemory memory(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long limit = null;
        Long reservation = null;
        Long swap = null;
        Long kernel = null;
        Long kernelTcp = null;
        Long swappiness = null;
        Boolean disableOomKiller = null;
        Boolean useHierarchy = null;
        Boolean checkBeforeUpdate = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "limit" -> limit = in.int64();
                case "reservation" -> reservation = in.int64();
                case "swap" -> swap = in.int64();
                case "kernel" -> kernel = in.int64();
                case "kernelTCP" -> kernelTcp = in.int64();
                case "swappiness" -> swappiness = in.uint64();
                case "disableOOMKiller" -> disableOomKiller = in.bool();
                case "useHierarchy" -> useHierarchy = in.bool();
                case "checkBeforeUpdate" -> checkBeforeUpdate = in.bool();
                default -> in.skip();
            }
        }
        return new LinuxMemory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller,
                useHierarchy, checkBeforeUpdate);
    }

    static LinuxCpu cpu(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long shares = null;
        Long quota = null;
        Long burst = null;
        Long period = null;
        Long realtimeRuntime = null;
        Long realtimePeriod = null;
        String cpus = null;
        String mems = null;
        Long idle = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "shares" -> shares = in.uint64();
                case "quota" -> quota = in.int64();
                case "burst" -> burst = in.uint64();
                case "period" -> period = in.uint64();
                case "realtimeRuntime" -> realtimeRuntime = in.int64();
                case "realtimePeriod" -> realtimePeriod = in.uint64();
                case "cpus" -> cpus = in.string();
                case "mems" -> mems = in.string();
                case "idle" -> idle = in.int64();
                default -> in.skip();
            }
        }
        return new LinuxCpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle);
    }

    static LinuxPids pids(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long limit = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            if (name.equals("limit")) {
                limit = in.int64();
            } else {
                in.skip();
            }
        }
        return new LinuxPids(limit);
    }

    static LinuxBlockIo blockIo(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Integer weight = null;
        Integer leafWeight = null;
        List<LinuxWeightDevice> weightDevice = null;
        List<LinuxThrottleDevice> readBps = null;
        List<LinuxThrottleDevice> writeBps = null;
        List<LinuxThrottleDevice> readIops = null;
        List<LinuxThrottleDevice> writeIops = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "weight" -> weight = in.int32();
                case "leafWeight" -> leafWeight = in.int32();
                case "weightDevice" -> weightDevice = weightDevices(in);
                case "throttleReadBpsDevice" -> readBps = throttleDevices(in);
                case "throttleWriteBpsDevice" -> writeBps = throttleDevices(in);
                case "throttleReadIOPSDevice" -> readIops = throttleDevices(in);
                case "throttleWriteIOPSDevice" -> writeIops = throttleDevices(in);
                default -> in.skip();
            }
        }
        return new LinuxBlockIo(weight, leafWeight, weightDevice, readBps, writeBps, readIops, writeIops);
    }

    static List<LinuxWeightDevice> weightDevices(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxWeightDevice> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(weightDevice(in));
        }
        return out;
    }

    static LinuxWeightDevice weightDevice(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long major = null;
        Long minor = null;
        Integer weight = null;
        Integer leafWeight = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "major" -> major = in.int64();
                case "minor" -> minor = in.int64();
                case "weight" -> weight = in.int32();
                case "leafWeight" -> leafWeight = in.int32();
                default -> in.skip();
            }
        }
        return new LinuxWeightDevice(major, minor, weight, leafWeight);
    }

    static List<LinuxThrottleDevice> throttleDevices(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxThrottleDevice> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(throttleDevice(in));
        }
        return out;
    }

    static LinuxThrottleDevice throttleDevice(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long major = null;
        Long minor = null;
        Long rate = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "major" -> major = in.int64();
                case "minor" -> minor = in.int64();
                case "rate" -> rate = in.uint64();
                default -> in.skip();
            }
        }
        return new LinuxThrottleDevice(major, minor, rate);
    }

    static List<LinuxHugepageLimit> hugepageLimits(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxHugepageLimit> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(hugepageLimit(in));
        }
        return out;
    }

    static LinuxHugepageLimit hugepageLimit(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String pageSize = null;
        Long limit = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "pageSize" -> pageSize = in.string();
                case "limit" -> limit = in.uint64();
                default -> in.skip();
            }
        }
        return new LinuxHugepageLimit(pageSize, limit);
    }

    static LinuxNetwork network(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long classId = null;
        List<LinuxInterfacePriority> priorities = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "classID" -> classId = in.uint32();
                case "priorities" -> priorities = priorities(in);
                default -> in.skip();
            }
        }
        return new LinuxNetwork(classId, priorities);
    }

    static List<LinuxInterfacePriority> priorities(JsonCursor in) throws IOException {
        if (!in.beginArray()) {
            return null;
        }
        List<LinuxInterfacePriority> out = new ArrayList<>();
        while (in.nextElement()) {
            out.add(priority(in));
        }
        return out;
    }

    static LinuxInterfacePriority priority(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        String ifName = null;
        Long priority = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "name" -> ifName = in.string();
                case "priority" -> priority = in.uint32();
                default -> in.skip();
            }
        }
        return new LinuxInterfacePriority(ifName, priority);
    }

    static Map<String, LinuxRdma> rdma(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Map<String, LinuxRdma> out = new LinkedHashMap<>();
        for (String key = in.nextField(); key != null; key = in.nextField()) {
            out.put(key, rdmaLimit(in));
        }
        return out;
    }

    static LinuxRdma rdmaLimit(JsonCursor in) throws IOException {
        if (!in.beginObject()) {
            return null;
        }
        Long hcaHandles = null;
        Long hcaObjects = null;
        for (String name = in.nextField(); name != null; name = in.nextField()) {
            switch (name) {
                case "hcaHandles" -> hcaHandles = in.uint32();
                case "hcaObjects" -> hcaObjects = in.uint32();
                default -> in.skip();
            }
        }
        return new LinuxRdma(hcaHandles, hcaObjects);
    }
}
