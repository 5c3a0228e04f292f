package dev.jrunc.cli;

import dev.jrunc.core.plan.InitPlanCompiler;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.core.spec.validation.SpecValidator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's AOT training run (make-dist.sh): runs the commands' code paths in one JVM,
 * without creating containers, so that the classes they load land in the AOT cache.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getenv("JRUNC_TRAIN_DIR"));
        Path bundle = Path.of(System.getenv("JRUNC_TRAIN_BUNDLE"));
        String root = dir.resolve("root").toString();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
        Path specDir = Files.createDirectories(dir.resolve("spec"));
        String[][] runs = {
                // Only what the hot commands touch: every class trained here is loaded at the
                // start of every later run (AOT linking), so help, spec (jackson-databind) and
                // the JSON list stay out of the cache on purpose.
                {"--version"},
                {"features"},
                {"--root", root, "list"},
                {"--root", root, "state", "nosuch"},
                {"--root", root, "kill", "nosuch", "KILL"},
                {"--root", root, "delete", "--force", "nosuch"},
                {"--root", root, "delete", "nosuch"},
                {"--root", root, "start", "nosuch"},
                {"--root", root, "--log-format", "json", "--log", dir.resolve("log.json").toString(), "state", "x"},
                {"--root", root, "create", "--bundle", specDir.toString(), "../bad"},
                {"--root", root, "state"},
        };
        for (String[] run : runs) {
            new Cli(sink, sink).run(run);
        }
        trainJson(root, bundle, sink);
        Spec spec = SpecLoader.load(bundle);
        SpecValidator.validate(spec);
        InitPlanCompiler.compile(spec, new InitPlanCompiler.Inputs(bundle,
                InitPlanCompiler.rootfs(spec, bundle), dir.resolve("fifo"), null, false, 0,
                dev.jrunc.core.plan.CgroupView.none()));
        // create's cgroup set-up, without creating anything: layout, paths, managers, rules.
        var layout = dev.jrunc.core.cgroup.CgroupLayout.detect();
        var manager = dev.jrunc.core.cgroup.CgroupManager.forContainer(layout,
                dev.jrunc.core.cgroup.CgroupPath.of(null, "jrunc-aot-training"));
        manager.paths();
        new dev.jrunc.core.cgroup.DeviceRule(true, 'c', 1, 3, "rwm").v1Line();
        // Loads the handoff class; no native binding here: the hot commands must not need one.
        dev.jrunc.core.lifecycle.Handoff.fromEnvironment(null, "text");
        // The launcher's entry point: the training's own entry point is this class.
        Class.forName(Main.class.getName());
        new Cli(sink, sink).run(new String[] {"--root", root, "run", "--bundle", dir.resolve("nobundle").toString(),
                "--pid-file", dir.resolve("pid").toString(), "train-run"});
        trainCreate(dir, bundle, sink);
    }

    /**
     * create's whole JVM half, as {@code run} does it through bin/jrunc: cgroups made and
     * written, plan and state files, the handoff (make-dist.sh points its fd at /dev/null).
     * The cgroupfs is a copy of the host's layout under the training directory, so nothing
     * is created on the build machine; best effort, since a build host may lack cgroups.
     */
    private static void trainCreate(Path dir, Path bundle, PrintStream sink) {
        var handoff = dev.jrunc.core.lifecycle.Handoff.fromEnvironment(null, "text");
        if (handoff == null) {
            return;
        }
        try {
            Path fake = dir.resolve("cgroupfs");
            var layout = dev.jrunc.core.cgroup.CgroupLayout.read(Path.of("/proc/self/mountinfo"),
                    Path.of("/proc/self/cgroup"), fake);
            String id = "train-create";
            for (var h : layout.hierarchies()) {
                seed(fake, h.mountpoint(), h.ownDir(), id);
            }
            if (layout.unified() != null) {
                seed(fake, layout.unified().mountpoint(), layout.unified().ownDir(), id);
            }
            var ctx = new dev.jrunc.core.RuntimeContext(dir.resolve("root"), dir.resolve("jrunc-init"),
                    dir.resolve("jrunc"), false, false, w -> { }, () -> layout);
            var request = new dev.jrunc.core.lifecycle.CreateRequest(id, bundle.toAbsolutePath(),
                    null, null, false, false, 0, false);
            new dev.jrunc.core.lifecycle.ContainerCreator(ctx).create(request, handoff,
                    dev.jrunc.core.lifecycle.ContainerCreator.Then.SUPERVISE, true, false);
        } catch (Exception | LinkageError e) {
            System.err.println("AOT training: create skipped: " + e);
        }
    }

    /**
     * Directories from a fake mountpoint down to the own cgroup, with the host's files that
     * create reads, and the container's directory with the (empty) control files the kernel
     * would put in a new cgroup: those of the host's own cgroup and of one child of it (a
     * root cgroup lacks some, e.g. pids.max).
     */
    private static void seed(Path fake, Path mountpoint, Path ownDir, String id) throws java.io.IOException {
        Path host = Path.of("/");
        Path container = Files.createDirectories(ownDir.resolve(id));
        Path hostOwn = host.resolve(fake.relativize(ownDir).toString());
        java.util.List<Path> entries;
        try (var list = Files.list(hostOwn)) {
            entries = list.toList();
        }
        java.util.List<Path> files = new java.util.ArrayList<>(entries);
        for (Path child : entries) {
            if (Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (var list = Files.list(child)) {
                    files.addAll(list.toList());
                }
                break;
            }
        }
        for (Path f : files) {
            if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(container.resolve(f.getFileName().toString()), "");
            }
        }
        for (Path d = ownDir; d.startsWith(mountpoint); d = d.getParent()) {
            Files.createDirectories(d);
            for (String name : new String[] {"cpuset.cpus", "cpuset.mems", "cgroup.controllers", "cgroup.subtree_control"}) {
                Path real = host.resolve(fake.relativize(d).toString()).resolve(name);
                if (Files.isReadable(real) && !Files.exists(d.resolve(name))) {
                    Files.writeString(d.resolve(name), Files.readString(real));
                }
            }
            if (d.equals(mountpoint)) {
                break;
            }
        }
    }

    /**
     * The streaming JSON readers and writers (no databind on the hot commands): a state.json
     * read back by {@code state}/{@code list}, and a config touching every section, so that the
     * reader classes of sections the example bundle lacks (seccomp, hooks, …) are cached too.
     */
    private static void trainJson(String root, Path bundle, PrintStream sink) throws Exception {
        var store = new dev.jrunc.core.state.StateStore(Path.of(root));
        store.createContainerDir("train");
        store.save(new dev.jrunc.core.state.ContainerRecord(dev.jrunc.core.spec.SpecVersion.CURRENT, "train",
                0, 0, bundle.toString(), bundle.resolve("rootfs").toString(), "2026-01-02T03:04:05.678Z",
                java.util.Map.of("a", "<b>"), java.util.Map.of("unified", "/sys/fs/cgroup/x"), false, false));
        new Cli(sink, sink).run(new String[] {"--root", root, "state", "train"});
        new Cli(sink, sink).run(new String[] {"--root", root, "list"});
        store.remove("train");
        SpecLoader.parse(FULL_CONFIG, Spec.class, "config.json");
    }

    private static final String FULL_CONFIG = """
            {"ociVersion": "1.3.0", "hostname": "h", "domainname": "d", "annotations": {"a": "b"},
             "process": {"terminal": false, "consoleSize": {"height": 1, "width": 2},
              "user": {"uid": 0, "gid": 0, "umask": 18, "additionalGids": [1], "username": "u"},
              "args": ["sh"], "commandLine": "", "env": ["A=b"], "cwd": "/",
              "capabilities": {"bounding": [], "effective": [], "inheritable": [], "permitted": [], "ambient": []},
              "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 1024}],
              "noNewPrivileges": true, "apparmorProfile": "", "oomScoreAdj": 0,
              "scheduler": {"policy": "SCHED_OTHER", "nice": 0, "priority": 0, "flags": [], "runtime": 1,
               "deadline": 1, "period": 1},
              "selinuxLabel": "", "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 0},
              "execCPUAffinity": {"initial": "0", "final": "0"}, "unknown": [1, {"x": null}]},
             "root": {"path": "rootfs", "readonly": true},
             "mounts": [{"destination": "/d", "type": "bind", "source": "/s", "options": ["ro"],
              "uidMappings": [{"containerID": 0, "hostID": 1, "size": 1}], "gidMappings": []}],
             "hooks": {"prestart": [], "createRuntime": [{"path": "/h", "args": [], "env": [], "timeout": 1}],
              "createContainer": [], "startContainer": [], "poststart": [], "poststop": []},
             "linux": {"uidMappings": [], "gidMappings": [], "sysctl": {"a": "b"}, "cgroupsPath": "/c",
              "resources": {"devices": [{"allow": false, "type": "a", "major": 1, "minor": 1, "access": "rwm"}],
               "memory": {"limit": 1, "reservation": 1, "swap": 1, "kernel": 1, "kernelTCP": 1, "swappiness": 1,
                "disableOOMKiller": false, "useHierarchy": false, "checkBeforeUpdate": false},
               "cpu": {"shares": 1, "quota": 1, "burst": 1, "period": 1, "realtimeRuntime": 1, "realtimePeriod": 1,
                "cpus": "0", "mems": "0", "idle": 0},
               "pids": {"limit": 1},
               "blockIO": {"weight": 1, "leafWeight": 1, "weightDevice": [{"major": 1, "minor": 1, "weight": 1,
                "leafWeight": 1}], "throttleReadBpsDevice": [{"major": 1, "minor": 1, "rate": 1}],
                "throttleWriteBpsDevice": [], "throttleReadIOPSDevice": [], "throttleWriteIOPSDevice": []},
               "hugepageLimits": [{"pageSize": "2MB", "limit": 1}],
               "network": {"classID": 1, "priorities": [{"name": "eth0", "priority": 1}]},
               "rdma": {"mlx": {"hcaHandles": 1, "hcaObjects": 1}}, "unified": {"a": "b"}},
              "namespaces": [{"type": "pid", "path": "/p"}],
              "devices": [{"path": "/dev/x", "type": "c", "major": 1, "minor": 1, "fileMode": 438, "uid": 0,
               "gid": 0}],
              "netDevices": {"eth1": {"name": "n"}},
              "seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1, "architectures": [],
               "flags": [], "listenerPath": "", "listenerMetadata": "",
               "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
                "args": [{"index": 0, "value": 1, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}]},
              "rootfsPropagation": "private", "maskedPaths": [], "readonlyPaths": [], "mountLabel": "",
              "intelRdt": {"closID": "c", "schemata": [], "l3CacheSchema": "", "memBwSchema": "",
               "enableMonitoring": false},
              "memoryPolicy": {"mode": "MPOL_BIND", "nodes": "0", "flags": []},
              "personality": {"domain": "LINUX", "flags": []},
              "timeOffsets": {"monotonic": {"secs": 1, "nanosecs": 1}}}}
            """;
}
