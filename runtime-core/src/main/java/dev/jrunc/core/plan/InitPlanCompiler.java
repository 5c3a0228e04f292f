package dev.jrunc.core.plan;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.seccomp.SeccompCompiler;
import dev.jrunc.core.seccomp.SeccompProgramCache;
import dev.jrunc.core.spec.IdMapping;
import dev.jrunc.core.spec.KnownNames;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.LinuxCapabilities;
import dev.jrunc.core.spec.LinuxDevice;
import dev.jrunc.core.spec.LinuxNamespace;
import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.LinuxTimeOffset;
import dev.jrunc.core.spec.Mount;
import dev.jrunc.core.spec.PosixRlimit;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.User;
import dev.jrunc.linux.plan.InitPlanWriter;
import dev.jrunc.linux.plan.MountFlags;
import dev.jrunc.linux.plan.NamespaceType;
import dev.jrunc.linux.plan.PlanRecords;
import dev.jrunc.linux.seccomp.SeccompUnavailableException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a validated config into the init plan: every default resolved, every decision made,
 * so that jrunc-init only carries out syscalls (docs/init-protocol.md).
 */
public final class InitPlanCompiler {
    /** runc's umask when process.user.umask is unset. */
    private static final long DEFAULT_UMASK = 0022;

    /**
     * Per-container inputs that are not in config.json.
     *
     * @param containerId the id, for the session keyring {@code _ses.<id>}; null = no new keyring
     *                    ({@code --no-new-keyring})
     * @param warnings    where warnings go (runc's log at level warning)
     * @param seccompCache compiled seccomp programs kept between commands; null = compile
     * @param hookSubject the container the hooks' state describes; null = the config may have no
     *                    hooks that run in the container
     */
    public record Inputs(Path bundle, Path rootfs, Path execFifo, Path consoleSocket, boolean noPivot,
                         int preserveFds, CgroupView cgroups, String containerId, Consumer<String> warnings,
                         SeccompProgramCache seccompCache, HookCompiler.Subject hookSubject) {

        /** Without hooks that run in the container (the in-process create and training). */
        public Inputs(Path bundle, Path rootfs, Path execFifo, Path consoleSocket, boolean noPivot, int preserveFds,
                      CgroupView cgroups, String containerId, Consumer<String> warnings,
                      SeccompProgramCache seccompCache) {
            this(bundle, rootfs, execFifo, consoleSocket, noPivot, preserveFds, cgroups, containerId, warnings,
                    seccompCache, null);
        }

        /** Without a session keyring or seccomp cache, discarding warnings (tests and training). */
        public Inputs(Path bundle, Path rootfs, Path execFifo, Path consoleSocket, boolean noPivot, int preserveFds,
                      CgroupView cgroups) {
            this(bundle, rootfs, execFifo, consoleSocket, noPivot, preserveFds, cgroups, null, w -> { }, null);
        }
    }

    /**
     * What an exec plan needs besides the process: the init to join (pid and start time,
     * so a reused pid is never joined), the rootfs for the HOME lookup, the console socket.
     */
    public record ExecInputs(int initPid, long initStartTime, Path rootfs, Path consoleSocket, int preserveFds,
                             Consumer<String> warnings, SeccompProgramCache seccompCache) {

        /** Discarding warnings, without a seccomp cache (tests). */
        public ExecInputs(int initPid, long initStartTime, Path rootfs, Path consoleSocket, int preserveFds) {
            this(initPid, initStartTime, rootfs, consoleSocket, preserveFds, w -> { }, null);
        }
    }

    private InitPlanCompiler() {
    }

    /**
     * The plan of {@code jrunc-init exec}: JOIN_PID and the process ops only; the container
     * itself is set up already (docs/init-protocol.md, section 8).
     */
    public static byte[] compileExec(Process process, ExecInputs in) {
        return compileExec(process, null, in);
    }

    /** As above, with the container's seccomp filter (null: none), which exec'd processes get too (as runc). */
    public static byte[] compileExec(Process process, LinuxSeccomp seccomp, ExecInputs in) {
        LsmLabels.Host lsm = LsmLabels.hostFor(process, null);
        try {
            InitPlanWriter plan = new InitPlanWriter();
            plan.joinPid(in.initPid(), in.initStartTime());
            addProcess(plan, process, in.rootfs(), in.consoleSocket(), in.warnings());
            LsmLabels.addExecLabels(plan, process, lsm);
            Confinement.addExecCpuAffinity(plan, process);
            if (in.preserveFds() > 0) {
                plan.preserveFds(in.preserveFds());
            }
            if (seccomp != null) {
                // With SCMP_ACT_NOTIFY the plan asks for a listener fd: jrunc-init exec passes it on.
                addSeccomp(plan, seccomp, in.seccompCache());
            }
            return plan.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new JruncException("init plan: " + e.getMessage(), e);
        }
    }

    public static byte[] compile(Spec spec, Inputs in) {
        try {
            return write(spec, in);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The writer enforces the protocol's bounds (e.g. the plan's total size); the
            // validator names the field for the common cases, this is the backstop.
            throw new JruncException("init plan: " + e.getMessage(), e);
        }
    }

    private static byte[] write(Spec spec, Inputs in) {
        UnsupportedFeatures.refuse(spec);
        LsmLabels.Host lsm = LsmLabels.hostFor(spec.process(), spec.linux());
        LsmLabels.check(spec, lsm);
        String mountLabel = spec.linux() != null && lsm.selinux() ? spec.linux().mountLabel() : null;
        InitPlanWriter plan = new InitPlanWriter();
        Linux linux = spec.linux() != null ? spec.linux()
                : new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null);
        boolean userNs = false;
        boolean ownNetNs = false;
        for (LinuxNamespace ns : orEmpty(linux.namespaces())) {
            NamespaceType type = NamespaceType.fromSpecName(ns.type());
            userNs |= type == NamespaceType.USER;
            ownNetNs |= type == NamespaceType.NETWORK && (ns.path() == null || ns.path().isEmpty());
            plan.namespace(type, ns.path() == null ? "" : ns.path());
        }
        plan.rootfs(in.rootfs().toString());
        plan.rootfsPropagation(rootfsPropagation(linux.rootfsPropagation()));

        addTimeOffsets(plan, linux);
        List<Mount> mounts = orEmpty(spec.mounts());
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            MountOptions.Parsed o = MountOptions.parse(m.options());
            String type = m.type() == null ? "" : m.type();
            if (type.equals("cgroup")) {
                IdmappedMounts.add(plan, "mounts[" + i + "]", m, o, false, linux);
                addCgroupMount(plan, m.destination(), o, in.cgroups());
                continue;
            }
            // "bind" as a type (crun, podman) means a bind mount even without the option.
            long flags = o.flags();
            String source = m.source() == null ? "" : m.source();
            if (type.equals("sysfs") && userNs && !ownNetNs) {
                // The kernel mounts sysfs only for a network namespace owned by the user
                // namespace, so a user namespace sharing the host's network gets the host's
                // /sys as a recursive bind with the same flags (normally ro), as runc does.
                flags |= MountFlags.MS_BIND | MountFlags.MS_REC;
                type = "";
                source = "/sys";
            }
            if (type.equals("bind")) {
                flags |= MountFlags.MS_BIND;
                type = "";
            }
            if ((flags & MountFlags.MS_BIND) != 0 && !source.isEmpty() && !source.startsWith("/")) {
                source = in.bundle().resolve(source).toString();
            }
            plan.mount(new PlanRecords.Mount(source, m.destination(), type, flags, o.propagation(), o.attrSet(),
                    o.attrClear(), (flags & MountFlags.MS_BIND) != 0 ? o.data()
                            : LsmLabels.withMountLabel(o.data(), type, mountLabel)));
            IdmappedMounts.add(plan, "mounts[" + i + "]", m, o, (flags & MountFlags.MS_BIND) != 0, linux);
        }
        addDevices(plan, linux, userNs);
        addDevSymlinks(plan);
        orEmpty(linux.maskedPaths()).forEach(plan::maskedPath);
        orEmpty(linux.readonlyPaths()).forEach(plan::readonlyPath);
        if (in.noPivot()) {
            plan.noPivot();
        }
        if (spec.root() != null && Boolean.TRUE.equals(spec.root().readonly())) {
            plan.rootReadonly();
        }
        if (spec.hostname() != null && !spec.hostname().isEmpty()) {
            plan.hostname(spec.hostname());
        }
        if (spec.domainname() != null && !spec.domainname().isEmpty()) {
            plan.domainname(spec.domainname());
        }
        for (Map.Entry<String, String> s : orEmpty(linux.sysctl()).entrySet()) {
            plan.sysctl(s.getKey().replace('/', '.'), s.getValue());
        }
        if (in.containerId() != null) {
            Confinement.addSessionKeyring(plan, in.containerId(), userNs);
        }
        Confinement.addLinuxAttributes(plan, linux);
        addProcess(plan, spec.process(), in.rootfs(), in.consoleSocket(), in.warnings());
        if (spec.process() != null) {
            LsmLabels.addExecLabels(plan, spec.process(), lsm);
        }
        if (in.execFifo() != null) {
            plan.execFifo(in.execFifo().toString());
        }
        if (in.preserveFds() > 0) {
            plan.preserveFds(in.preserveFds());
        }
        if (linux.seccomp() != null) {
            addSeccomp(plan, linux.seccomp(), in.seccompCache());
        }
        HookCompiler.addToInitPlan(plan, spec, in.hookSubject());
        return plan.build();
    }

    /** Both clocks are written, an absent one as 0 (the kernel's default). */
    private static void addTimeOffsets(InitPlanWriter plan, Linux linux) {
        Map<String, LinuxTimeOffset> offsets = orEmpty(linux.timeOffsets());
        if (offsets.isEmpty()) {
            return;
        }
        LinuxTimeOffset mono = offsets.get("monotonic");
        LinuxTimeOffset boot = offsets.get("boottime");
        plan.timeOffsets(secs(mono), nanos(mono), secs(boot), nanos(boot));
    }

    private static long secs(LinuxTimeOffset o) {
        return o == null || o.secs() == null ? 0 : o.secs();
    }

    private static int nanos(LinuxTimeOffset o) {
        return o == null || o.nanosecs() == null ? 0 : o.nanosecs().intValue();
    }

    private static void addCgroupMount(InitPlanWriter plan, String destination, MountOptions.Parsed o, CgroupView view) {
        if (view.unifiedOnly()) {
            plan.mount(new PlanRecords.Mount("cgroup2", destination, "cgroup2", o.flags(), o.propagation(),
                    o.attrSet(), o.attrClear(), o.data()));
            return;
        }
        // The tmpfs is writable only while the binds below make the hierarchy directories in
        // it; each bind carries the config's flags, and a read-only cgroup mount then has its
        // tmpfs remounted read-only too (as runc does), so the container cannot add entries.
        long tmpfsFlags = MountFlags.MS_NOSUID | MountFlags.MS_NODEV | MountFlags.MS_NOEXEC;
        if (view.hierarchies().isEmpty()) {
            // A rootless container without a cgroup of its own: mask the mountpoint with an
            // empty read-only tmpfs rather than show (or let it write) the caller's cgroups,
            // as runc does since CVE-2023-25809.
            tmpfsFlags |= MountFlags.MS_RDONLY;
        }
        plan.mount(new PlanRecords.Mount("tmpfs", destination, "tmpfs", tmpfsFlags, 0, 0, 0, "mode=755"));
        long bindFlags = (o.flags() & ~MountFlags.MS_REC) | MountFlags.MS_BIND;
        for (CgroupView.Hierarchy h : view.hierarchies()) {
            plan.mount(new PlanRecords.Mount(h.containerDir().toString(), destination + "/" + h.name(), "",
                    bindFlags, o.propagation(), 0, 0, ""));
        }
        if ((o.flags() & MountFlags.MS_RDONLY) != 0 && !view.hierarchies().isEmpty()) {
            plan.mount(new PlanRecords.Mount("tmpfs", destination, "tmpfs",
                    tmpfsFlags | MountFlags.MS_REMOUNT | MountFlags.MS_RDONLY, 0, 0, 0, ""));
        }
    }

    /**
     * Only here is libseccomp loaded: a config without a filter never pays for the binding,
     * and one whose filter is in the cache neither.
     */
    private static void addSeccomp(InitPlanWriter plan, LinuxSeccomp seccomp, SeccompProgramCache cache) {
        try {
            SeccompCompiler.Program program = cache == null ? SeccompCompiler.compile(seccomp, "linux.seccomp")
                    : cache.program(seccomp, s -> SeccompCompiler.compile(s, "linux.seccomp"));
            plan.seccomp(program.flags(), program.bpf());
        } catch (SeccompUnavailableException e) {
            throw new JruncException("linux.seccomp: " + e.getMessage(), e);
        }
    }

    public static Path rootfs(Spec spec, Path bundle) {
        return bundle.resolve(spec.root().path()).normalize();
    }

    private static long rootfsPropagation(String name) {
        if (name == null || name.isEmpty()) {
            return MountFlags.MS_SLAVE | MountFlags.MS_REC;
        }
        Long flags = MountOptions.propagation(name);
        if (flags == null) {
            throw new JruncException("linux.rootfsPropagation: unknown propagation \"" + name + "\"");
        }
        return flags;
    }

    private static void addDevices(InitPlanWriter plan, Linux linux, boolean userNs) {
        Set<String> configured = new HashSet<>();
        for (LinuxDevice d : orEmpty(linux.devices())) {
            configured.add(d.path());
        }
        for (LinuxDevice d : DefaultDevices.ALL) {
            if (!configured.contains(d.path())) {
                device(plan, d, userNs);
            }
        }
        for (LinuxDevice d : orEmpty(linux.devices())) {
            device(plan, d, userNs);
        }
    }

    private static void device(InitPlanWriter plan, LinuxDevice d, boolean userNs) {
        long mode = d.fileMode() == null ? 0666 : d.fileMode() & 07777;
        // In a user namespace mknod is refused: bind the host's node instead, as runc does.
        plan.device(new PlanRecords.Device(d.path(), d.type().charAt(0), (int) value(d.major()),
                (int) value(d.minor()), (int) mode, (int) value(d.uid()), (int) value(d.gid()), userNs));
    }

    private static void addDevSymlinks(InitPlanWriter plan) {
        plan.symlink("/proc/self/fd", "/dev/fd");
        plan.symlink("/proc/self/fd/0", "/dev/stdin");
        plan.symlink("/proc/self/fd/1", "/dev/stdout");
        plan.symlink("/proc/self/fd/2", "/dev/stderr");
        plan.symlink("pts/ptmx", "/dev/ptmx");
        if (Files.exists(Path.of("/proc/kcore"))) {
            plan.symlink("/proc/kcore", "/dev/core");
        }
    }

    private static void addProcess(InitPlanWriter plan, Process p, Path rootfs, Path consoleSocket,
                                   Consumer<String> warnings) {
        User user = p.user();
        long uid = user == null ? 0 : value(user.uid());
        long gid = user == null ? 0 : value(user.gid());
        long umask = user == null || user.umask() == null ? DEFAULT_UMASK : user.umask();
        List<Long> groups = user == null ? List.of() : orEmpty(user.additionalGids());
        plan.user((int) uid, (int) gid, (int) umask, groups.stream().mapToInt(Long::intValue).toArray());
        for (PosixRlimit r : orEmpty(p.rlimits())) {
            plan.rlimit(KnownNames.RLIMITS.indexOf(r.type()), value(r.soft()), value(r.hard()));
        }
        if (p.oomScoreAdj() != null) {
            plan.oomScoreAdj(p.oomScoreAdj());
        }
        LinuxCapabilities caps = p.capabilities();
        if (caps != null) {
            Capabilities known = new Capabilities(HostCapabilities.lastCap());
            plan.capabilities(known.sets(caps));
            known.warn(warnings);
        }
        Confinement.addProcessAttributes(plan, p);
        if (Boolean.TRUE.equals(p.noNewPrivileges())) {
            plan.noNewPrivileges();
        }
        if (Boolean.TRUE.equals(p.terminal())) {
            long rows = p.consoleSize() == null ? 0 : value(p.consoleSize().height());
            long cols = p.consoleSize() == null ? 0 : value(p.consoleSize().width());
            plan.terminal((int) rows, (int) cols);
            if (consoleSocket != null) {
                plan.consoleSocket(consoleSocket.toString());
            }
        }
        plan.cwd(p.cwd());
        List<String> env = orEmpty(p.env());
        env.forEach(plan::env);
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            plan.env("HOME=" + HomeDirectory.of(rootfs, uid));
        }
        p.args().forEach(plan::arg);
    }

    /** uid_map / gid_map file content. */
    public static String idMap(List<IdMapping> mappings) {
        StringBuilder b = new StringBuilder();
        for (IdMapping m : orEmpty(mappings)) {
            b.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.size()).append('\n');
        }
        return b.toString();
    }

    private static long value(Long v) {
        return v == null ? 0 : v;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
