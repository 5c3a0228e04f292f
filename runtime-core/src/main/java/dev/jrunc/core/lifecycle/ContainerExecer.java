package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.Version;
import dev.jrunc.core.plan.InitPlanCompiler;
import dev.jrunc.core.seccomp.ListenerState;
import dev.jrunc.core.seccomp.SeccompCompiler;
import dev.jrunc.core.seccomp.SeccompProgramCache;
import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.core.spec.validation.ProcessValidator;
import dev.jrunc.core.spec.validation.SpecValidator;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;
import dev.jrunc.linux.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code exec}: decides everything about the new process (status check, process settings,
 * cgroups, the plan) and hands the rest to {@code jrunc-init exec} (execcmd.c), which joins
 * the container init's namespaces and cgroups, sets the process up as the plan says and
 * either returns once it runs ({@code --detach}) or supervises it. The JVM loads no FFI.
 */
public final class ContainerExecer {
    private final RuntimeContext ctx;
    private final StateStore store;
    private final Handoff handoff;

    /** @param handoff bin/jrunc's handoff; null in process (the JVM then execve()s jrunc-init itself) */
    public ContainerExecer(RuntimeContext ctx, Handoff handoff) {
        this.ctx = ctx;
        this.store = ctx.store();
        this.handoff = handoff;
    }

    public void exec(ExecRequest r) {
        ContainerRecord record = store.require(r.id());
        switch (new StatusProbe(store).status(record)) {
            case STOPPED -> throw new JruncException("cannot exec in a stopped container");
            case PAUSED -> {
                if (!r.ignorePaused()) {
                    throw new JruncException("cannot exec in a paused container (use --ignore-paused to override)");
                }
            }
            case CREATED, RUNNING -> { }
        }
        Process process = process(record, r);
        checkTerminal(process, r);
        LinuxSeccomp seccomp = containerSeccomp(record);
        byte[] plan = InitPlanCompiler.compileExec(process, seccomp, new InitPlanCompiler.ExecInputs(record.pid(),
                record.initStartTime(), Path.of(record.rootfs()), r.consoleSocket(), r.preserveFds(), ctx.warnings(),
                SeccompProgramCache.under(store.root())));
        Map<String, String> paths = record.cgroupPaths() == null ? Map.of() : record.cgroupPaths();
        List<String> cgroups = ExecCgroups.dirs(paths, r.cgroup(), true);

        Path planFile = writePlan(store.containerDir(r.id()), plan);
        List<String> args = new ArrayList<>(List.of("--plan", planFile.toString(),
                "--nfds", Integer.toString(r.preserveFds())));
        for (String dir : cgroups) {
            args.add("--cgroup");
            args.add(dir);
        }
        if (r.pidFile() != null) {
            args.add("--pid-file");
            args.add(r.pidFile().toString());
        }
        if (r.pidfdSocket() != null) {
            args.add("--pidfd-socket");
            args.add(r.pidfdSocket().toString());
        }
        if (r.detach()) {
            args.add("--detach");
        } else if (Boolean.TRUE.equals(process.terminal())) {
            // No console socket: jrunc-init's supervisor is the caller's terminal (tty.c).
            args.add("--tty");
        }
        addSeccompListener(record, seccomp, args);
        System.out.flush();
        System.err.flush();
        try {
            if (handoff != null) {
                handoff.exec("exec", args);
                return;
            }
            args.addAll(0, List.of("jrunc-init", "exec"));
            throw new JruncException("exec failed: " + Processes.exec(ctx.initBinary().toString(),
                    args.toArray(new String[0]), new String[0]).getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(planFile);
            throw e;
        }
    }

    /**
     * The container's seccomp filter, which the exec'd process gets too (as runc). Fails closed:
     * with config.json unreadable the filter is unknown, and the process must not run unfiltered.
     */
    private static LinuxSeccomp containerSeccomp(ContainerRecord record) {
        Spec spec;
        try {
            spec = SpecLoader.load(Path.of(record.bundle()));
        } catch (JruncException e) {
            throw new JruncException("linux.seccomp: the container's filter is unknown: " + e.getMessage(), e);
        }
        if (spec.linux() == null || spec.linux().seccomp() == null) {
            return null;
        }
        SpecValidator.validate(spec);
        return spec.linux().seccomp();
    }

    /**
     * As runc's setnsProcess: an exec'd process under a notifying filter has its notify fd
     * sent to the container's listenerPath too, with the process's pid and the container
     * "running" with the init's pid.
     */
    private static void addSeccompListener(ContainerRecord record, LinuxSeccomp seccomp, List<String> args) {
        if (seccomp == null || !SeccompCompiler.notifies(seccomp)) {
            return;
        }
        args.add("--seccomp-listener");
        args.add(seccomp.listenerPath());
        for (String part : ListenerState.execParts(Version.OCI_SPEC, record.id(), record.pid(), record.bundle(),
                record.annotations(), seccomp.listenerMetadata())) {
            args.add("--seccomp-state");
            args.add(part);
        }
    }

    /** runc's getProcess: the --process file as it is, or config.json's process changed by the flags. */
    private static Process process(ContainerRecord record, ExecRequest r) {
        Process p;
        if (r.processFile() != null) {
            Process file = SpecLoader.read(r.processFile(), Process.class);
            Process container = null;
            String why = null;
            try {
                container = SpecLoader.load(Path.of(record.bundle())).process();
            } catch (JruncException e) {
                why = e.getMessage();
            }
            p = ExecProcess.fromFile(file, container, why);
        } else {
            Spec spec = SpecLoader.load(Path.of(record.bundle()));
            if (spec.process() == null) {
                throw new JruncException("config.json: process: must be set");
            }
            p = ExecProcess.fromFlags(spec.process(), r);
        }
        ProcessValidator.validate("process", p);
        return p;
    }

    private static void checkTerminal(Process p, ExecRequest r) {
        boolean terminal = Boolean.TRUE.equals(p.terminal());
        if (terminal && r.detach() && r.consoleSocket() == null) {
            throw new JruncException("cannot allocate tty if jrunc will detach without setting console socket");
        }
        if (r.consoleSocket() != null && (!terminal || !r.detach())) {
            throw new JruncException("cannot use console socket if jrunc will not detach or allocate tty");
        }
    }

    /** Beside state.json, readable by root only (the env may hold secrets); jrunc-init unlinks it. */
    private static Path writePlan(Path dir, byte[] plan) {
        byte[] rnd = new byte[8];
        new SecureRandom().nextBytes(rnd);
        Path file = dir.resolve("exec-" + HexFormat.of().formatHex(rnd) + ".plan");
        try {
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), plan);
            return file;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new JruncException("exec failed: write plan " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The state directory goes with delete; a stray plan is not worth hiding the error for.
        }
    }
}
