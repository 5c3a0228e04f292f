package dev.jrunc.core.lifecycle;

import dev.jrunc.core.Credentials;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.Version;
import dev.jrunc.core.cgroup.CgroupException;
import dev.jrunc.core.cgroup.CgroupLayout;
import dev.jrunc.core.cgroup.CgroupManager;
import dev.jrunc.core.cgroup.CgroupPath;
import dev.jrunc.core.cgroup.RootlessCgroups;
import dev.jrunc.core.plan.HookCompiler;
import dev.jrunc.core.plan.InitPlanCompiler;
import dev.jrunc.core.seccomp.SeccompProgramCache;
import dev.jrunc.core.seccomp.ListenerState;
import dev.jrunc.core.seccomp.SeccompCompiler;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.LinuxNamespace;
import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.GoTime;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.core.spec.validation.RootlessValidator;
import dev.jrunc.core.spec.validation.SpecValidator;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.ProcStat;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.linux.InitChannel;
import dev.jrunc.linux.InitChannel.Message;
import dev.jrunc.linux.InitSpawner;
import dev.jrunc.linux.NativeException;
import dev.jrunc.linux.Processes;
import dev.jrunc.linux.Signals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code create}: validates the bundle, makes the state directory, fifo and cgroup, starts
 * jrunc-init with the compiled plan and walks it through the sync points. On any failure
 * everything made so far is undone before the error reaches the user.
 *
 * <p>With bin/jrunc's {@link Handoff} ({@link #create(CreateRequest, Handoff, Then, boolean,
 * boolean)}) this JVM keeps every decision but makes no native call: it leaves the plan and
 * the pending state record in the state directory and hands the protocol, the fifo, the id
 * maps, the cgroup join and the publishing of the state to {@code jrunc-init create}
 * (createcmd.c), which also starts or supervises the container for {@code run}. The first
 * FFI binding would cost more CPU than the rest of the command.
 */
public final class ContainerCreator {
    private static final int INIT_TIMEOUT_MILLIS = 60_000;

    private final RuntimeContext ctx;
    private final StateStore store;

    public ContainerCreator(RuntimeContext ctx) {
        this.ctx = ctx;
        this.store = ctx.store();
    }

    /** What {@code jrunc-init create} goes on with once the container exists. */
    public enum Then { NOTHING, START, SUPERVISE }

    private Spec loadChecked(CreateRequest request) {
        Spec spec = SpecLoader.load(request.bundle());
        SpecValidator.validate(spec);
        if (ctx.rootless() && Credentials.effectiveUid() != 0) {
            RootlessValidator.validate(spec);
        }
        if (ctx.systemdCgroup()) {
            throw new JruncException("systemd cgroup driver requested, but jrunc does not support it yet");
        }
        checkTerminal(spec, request);
        return spec;
    }

    /**
     * Prepares the container and hands the native half to jrunc-init (the command must
     * return right after). Cgroup limits are written before the init joins (it has not run
     * any of the container's code then, so nothing escapes them).
     *
     * @param subreaper for {@link Then#SUPERVISE}: the supervisor reaps orphans
     * @param keep      for {@link Then#SUPERVISE}: leave the container once it exits
     */
    public void create(CreateRequest request, Handoff handoff, Then then, boolean subreaper, boolean keep) {
        Spec spec = loadChecked(request);
        Path dir = store.createContainerDir(request.id());
        Undo undo = new Undo(store, request.id());
        try {
            Prepared p = prepare(spec, request, undo);
            try {
                p.cgroup().apply(CgroupResourcesMapper.from(spec));
                p.cgroup().applyDeviceRules(DeviceRulesMapper.from(spec));
            } catch (CgroupException e) {
                throw new JruncException(e.getMessage(), e);
            }
            Path planFile = dir.resolve(StateStore.PLAN_FILE);
            // Only root may read it: it is the container's whole recipe (env may hold secrets).
            Files.write(Files.createFile(planFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), p.plan());
            store.savePending(record(spec, request, p, 0, 0));
            byte[] hooks = HookCompiler.runtimeHooks(spec, hookSubject(spec, request));
            Path hooksFile = null;
            if (hooks != null) {
                hooksFile = dir.resolve(StateStore.HOOKS_FILE);
                Files.write(Files.createFile(hooksFile, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))), hooks);
            }

            List<String> args = new ArrayList<>(List.of("--state-dir", dir.toString(), "--plan", planFile.toString(),
                    "--fifo", p.fifo().toString(), "--nfds", Integer.toString(request.preserveFds())));
            if (createsNamespace(spec, "user")) {
                args.addAll(IdMapWriting.args(spec.linux().uidMappings(), spec.linux().gidMappings(),
                        Credentials.effective(), System.getenv()));
            }
            p.cgroup().paths().values().stream().distinct().forEach(d -> {
                args.add("--cgroup");
                args.add(d);
            });
            if (request.pidFile() != null) {
                args.add("--pid-file");
                args.add(request.pidFile().toAbsolutePath().toString());
            }
            if (hooksFile != null) {
                args.add("--hooks");
                args.add(hooksFile.toString());
            }
            addSeccompListener(spec, request, args);
            switch (then) {
                case NOTHING -> { }
                case START -> args.add("--then-start");
                case SUPERVISE -> {
                    args.add("--then-supervise");
                    if (subreaper) {
                        args.add("--subreaper");
                    }
                    if (keep) {
                        args.add("--keep");
                    }
                }
            }
            System.out.flush();
            System.err.flush();
            handoff.exec("create", args);
            undo.cancel();
        } catch (IOException e) {
            throw new JruncException("jrunc create failed: " + e.getMessage(), e);
        } finally {
            undo.run(dir);
        }
    }

    public ContainerRecord create(CreateRequest request) {
        Spec spec = loadChecked(request);
        if (HookCompiler.any(spec)) {
            // Hooks run in jrunc-init's create/start/delete modes, which only bin/jrunc hands off to.
            throw new JruncException("hooks: only run through bin/jrunc, not by an in-process create");
        }
        if (notifies(spec)) {
            // The notify fd arrives over SCM_RIGHTS, which only jrunc-init create takes.
            throw new JruncException("linux.seccomp: SCMP_ACT_NOTIFY needs the jrunc launcher (bin/jrunc)");
        }
        Path dir = store.createContainerDir(request.id());
        Undo undo = new Undo(store, request.id());
        try {
            Fifos.make(store.execFifo(request.id()));
            Prepared p = prepare(spec, request, undo);
            int initPid = runInit(spec, p.cgroup(), p.plan(), request, undo);
            ContainerRecord record = record(spec, request, p, initPid,
                    ProcStat.read(initPid).map(ProcStat::startTime).orElse(0L));
            store.save(record);
            if (request.pidFile() != null) {
                writePidFile(request.pidFile(), initPid);
            }
            undo.cancel();
            return record;
        } finally {
            undo.run(dir);
        }
    }

    private static boolean notifies(Spec spec) {
        return spec.linux() != null && spec.linux().seccomp() != null
                && SeccompCompiler.notifies(spec.linux().seccomp());
    }

    /** jrunc-init create passes the notify fd on to the listener with this state (config-linux.md). */
    private static void addSeccompListener(Spec spec, CreateRequest request, List<String> args) {
        if (!notifies(spec)) {
            return;
        }
        LinuxSeccomp s = spec.linux().seccomp();
        args.add("--seccomp-listener");
        args.add(s.listenerPath());
        for (String part : ListenerState.parts(Version.OCI_SPEC, request.id(), request.bundle().toString(),
                spec.annotations(), s.listenerMetadata())) {
            args.add("--seccomp-state");
            args.add(part);
        }
    }

    /** The container's cgroup (undone by {@code undo} on failure) and its compiled plan. */
    private record Prepared(Path fifo, Path rootfs, CgroupManager cgroup, byte[] plan) {
    }

    private Prepared prepare(Spec spec, CreateRequest request, Undo undo) {
        Path fifo = store.execFifo(request.id());
        CgroupLayout layout = detectLayout(ctx);
        CgroupManager cgroup = createCgroup(layout, spec, request.id());
        undo.cgroup = cgroup;
        Path rootfs = InitPlanCompiler.rootfs(spec, request.bundle());
        byte[] plan = InitPlanCompiler.compile(spec, new InitPlanCompiler.Inputs(request.bundle(), rootfs, fifo,
                request.consoleSocket(), request.noPivot(), request.preserveFds(),
                CgroupViews.of(layout, cgroup.paths()), request.noNewKeyring() ? null : request.id(), ctx.warnings(),
                SeccompProgramCache.under(store.root()), hookSubject(spec, request)));
        return new Prepared(fifo, rootfs, cgroup, plan);
    }

    private static HookCompiler.Subject hookSubject(Spec spec, CreateRequest request) {
        return HookCompiler.Subject.of(spec, request.id(), request.bundle());
    }

    private ContainerRecord record(Spec spec, CreateRequest request, Prepared p, int initPid, long initStartTime) {
        return new ContainerRecord(Version.OCI_SPEC, request.id(), initPid, initStartTime, request.bundle().toString(),
                p.rootfs().toString(), GoTime.format(Instant.now()), spec.annotations(), p.cgroup().paths(),
                !hasOwnPidNamespace(spec), ctx.rootless());
    }

    private int runInit(Spec spec, CgroupManager cgroup, byte[] plan, CreateRequest request, Undo undo) {
        InitSpawner.Spawned stage0 = new InitSpawner().spawn(ctx.initBinary(), request.preserveFds(), List.of());
        boolean stage0Reaped = false;
        try (InitChannel channel = stage0.channel()) {
            channel.sendPlan(plan);
            Message pid = expect(channel, InitChannel.MSG_PID);
            int initPid = pid.payloadInt();
            undo.initPid = initPid;
            Processes.waitFor(stage0.pid());
            stage0Reaped = true;
            writeIdMaps(spec, initPid);
            cgroup.addProcess(initPid);
            cgroup.apply(CgroupResourcesMapper.from(spec));
            cgroup.applyDeviceRules(DeviceRulesMapper.from(spec));
            channel.sendType(InitChannel.MSG_GO);
            expect(channel, InitChannel.MSG_READY);
            return initPid;
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        } catch (NativeException e) {
            throw new JruncException("jrunc create failed: " + e.getMessage(), e);
        } finally {
            if (!stage0Reaped) {
                Processes.signal(stage0.pid(), Signals.SIGKILL);
                Processes.waitFor(stage0.pid());
            }
        }
    }

    private static Message expect(InitChannel channel, int type) {
        Message m = channel.receive(INIT_TIMEOUT_MILLIS);
        if (m == null) {
            throw new JruncException("jrunc create failed: unable to start container process: container init exited unexpectedly");
        }
        if (m.type() == InitChannel.MSG_ERROR) {
            throw new JruncException("jrunc create failed: unable to start container process: " + InitChannel.errorText(m));
        }
        if (m.type() != type) {
            throw new JruncException("jrunc create failed: unexpected message " + m.type() + " from jrunc-init");
        }
        return m;
    }

    private static CgroupLayout detectLayout(RuntimeContext ctx) {
        try {
            return ctx.cgroups().layout();
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        }
    }

    private CgroupManager createCgroup(CgroupLayout layout, Spec spec, String id) {
        try {
            String cgroupsPath = spec.linux() == null ? null : spec.linux().cgroupsPath();
            CgroupPath path = CgroupPath.of(cgroupsPath, id);
            if (ctx.rootless()) {
                CgroupManager cgroup = RootlessCgroups.create(layout, path, cgroupsPath != null && !cgroupsPath.isEmpty());
                if (cgroup.paths().isEmpty() && !hasOwnPidNamespace(spec)) {
                    // runc's warning (process_linux.go): nothing can find the container's processes then.
                    ctx.warnings().accept("Creating a rootless container with no cgroup and no private pid namespace. "
                            + "Such configuration is strongly discouraged (as it is impossible to properly kill "
                            + "all container's processes) and will result in an error in a future version.");
                }
                return cgroup;
            }
            CgroupManager cgroup = CgroupManager.forContainer(layout, path);
            cgroup.create();
            return cgroup;
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        }
    }

    private static void writeIdMaps(Spec spec, int pid) {
        Linux linux = spec.linux();
        if (linux == null || !createsNamespace(spec, "user")) {
            return;
        }
        try {
            Path proc = Path.of("/proc", Integer.toString(pid));
            Files.writeString(proc.resolve("uid_map"), InitPlanCompiler.idMap(linux.uidMappings()));
            Files.writeString(proc.resolve("gid_map"), InitPlanCompiler.idMap(linux.gidMappings()));
        } catch (IOException e) {
            throw new JruncException("jrunc create failed: write id mappings: " + e.getMessage(), e);
        }
    }

    private static boolean createsNamespace(Spec spec, String type) {
        if (spec.linux() == null || spec.linux().namespaces() == null) {
            return false;
        }
        for (LinuxNamespace ns : spec.linux().namespaces()) {
            if (type.equals(ns.type()) && (ns.path() == null || ns.path().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasOwnPidNamespace(Spec spec) {
        return createsNamespace(spec, "pid");
    }

    private static void checkTerminal(Spec spec, CreateRequest request) {
        boolean terminal = Boolean.TRUE.equals(spec.process().terminal());
        if (terminal && request.detached() && request.consoleSocket() == null) {
            throw new JruncException("cannot allocate tty if jrunc will detach without setting console socket");
        }
        if (request.consoleSocket() != null && (!terminal || !request.detached())) {
            throw new JruncException("cannot use console socket if jrunc will not detach or allocate tty");
        }
        if (terminal && !request.detached()) {
            throw new JruncException("foreground run with process.terminal is not supported yet: use --detach with --console-socket");
        }
    }

    /** Decimal pid, no newline; written beside the target and renamed over it. */
    static void writePidFile(Path file, int pid) {
        Path tmp = file.resolveSibling("." + file.getFileName());
        try {
            Files.writeString(tmp, Integer.toString(pid), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JruncException("write pid file " + file + ": " + e.getMessage(), e);
        }
    }

    /** What a failed create must take down again, in reverse order. */
    private static final class Undo {
        private final StateStore store;
        private final String id;
        private boolean cancelled;
        CgroupManager cgroup;
        int initPid;

        Undo(StateStore store, String id) {
            this.store = store;
            this.id = id;
        }

        void cancel() {
            cancelled = true;
        }

        void run(Path dir) {
            if (cancelled) {
                return;
            }
            if (initPid > 0) {
                Processes.signal(initPid, Signals.SIGKILL);
                // The init is our child (CLONE_PARENT): reap it so its cgroup empties.
                Processes.waitFor(initPid);
            }
            if (cgroup != null) {
                try {
                    cgroup.destroy();
                } catch (CgroupException e) {
                    // The original failure is what the user must see; the leftover is reported after it.
                    System.err.println("cleanup: " + e.getMessage());
                }
            }
            store.remove(id);
        }
    }
}
