package dev.jrunc.linux.plan;

import dev.jrunc.linux.plan.PlanRecords.Capabilities;
import dev.jrunc.linux.plan.PlanRecords.Device;
import dev.jrunc.linux.plan.PlanRecords.MemoryPolicy;
import dev.jrunc.linux.plan.PlanRecords.Mount;
import dev.jrunc.linux.plan.PlanRecords.Scheduler;
import dev.jrunc.linux.plan.PlanRecords.SessionKeyring;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Feeds an {@link InitPlanWriter} and, independently, writes down the line plan-dump must
 * print for each op (format documented in plan_dump.c), so a broken writer or reader shows.
 */
final class Recorder {
    final InitPlanWriter writer = new InitPlanWriter();
    private final List<String> lines = new ArrayList<>();

    String expected() {
        StringBuilder sb = new StringBuilder("PLAN version=1 ops=" + lines.size() + "\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '\\' || c == '"') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    private static String u(int v) {
        return Integer.toUnsignedString(v);
    }

    Recorder namespace(NamespaceType t, String path) {
        writer.namespace(t, path);
        lines.add("NAMESPACE type=" + t.planType() + " path=" + q(path));
        return this;
    }

    Recorder rootfs(String p) {
        writer.rootfs(p);
        lines.add("ROOTFS path=" + q(p));
        return this;
    }

    Recorder rootfsPropagation(long f) {
        writer.rootfsPropagation(f);
        lines.add("ROOTFS_PROPAGATION flags=" + u(f));
        return this;
    }

    Recorder mount(Mount m) {
        writer.mount(m);
        lines.add("MOUNT source=" + q(m.source()) + " destination=" + q(m.destination()) + " fstype="
                + q(m.fstype()) + " flags=" + u(m.flags()) + " propagation=" + u(m.propagation())
                + " attr_set=" + u(m.attrSet()) + " attr_clr=" + u(m.attrClr()) + " data=" + q(m.data()));
        return this;
    }

    Recorder device(Device d) {
        writer.device(d);
        lines.add("DEVICE path=" + q(d.path()) + " type=" + d.type() + " major=" + u(d.major()) + " minor="
                + u(d.minor()) + " mode=" + d.mode() + " uid=" + u(d.uid()) + " gid=" + u(d.gid())
                + " bind=" + (d.bind() ? 1 : 0));
        return this;
    }

    Recorder symlink(String target, String link) {
        writer.symlink(target, link);
        lines.add("SYMLINK target=" + q(target) + " linkpath=" + q(link));
        return this;
    }

    Recorder masked(String p) {
        writer.maskedPath(p);
        lines.add("MASKED_PATH path=" + q(p));
        return this;
    }

    Recorder readonly(String p) {
        writer.readonlyPath(p);
        lines.add("READONLY_PATH path=" + q(p));
        return this;
    }

    Recorder noPivot() {
        writer.noPivot();
        lines.add("NO_PIVOT");
        return this;
    }

    Recorder rootReadonly() {
        writer.rootReadonly();
        lines.add("ROOT_READONLY");
        return this;
    }

    Recorder hostname(String h) {
        writer.hostname(h);
        lines.add("HOSTNAME name=" + q(h));
        return this;
    }

    Recorder domainname(String h) {
        writer.domainname(h);
        lines.add("DOMAINNAME name=" + q(h));
        return this;
    }

    Recorder sysctl(String k, String v) {
        writer.sysctl(k, v);
        lines.add("SYSCTL key=" + q(k) + " value=" + q(v));
        return this;
    }

    Recorder rlimit(int r, long soft, long hard) {
        writer.rlimit(r, soft, hard);
        lines.add("RLIMIT resource=" + u(r) + " soft=" + u(soft) + " hard=" + u(hard));
        return this;
    }

    Recorder user(int uid, int gid, int umask, int... gids) {
        writer.user(uid, gid, umask, gids);
        lines.add("USER uid=" + u(uid) + " gid=" + u(gid) + " umask=" + u(umask) + " gids="
                + Arrays.stream(gids).mapToObj(Integer::toUnsignedString).collect(Collectors.joining(",")));
        return this;
    }

    Recorder cwd(String p) {
        writer.cwd(p);
        lines.add("CWD path=" + q(p));
        return this;
    }

    Recorder env(String e) {
        writer.env(e);
        lines.add("ENV value=" + q(e));
        return this;
    }

    Recorder arg(String a) {
        writer.arg(a);
        lines.add("ARG value=" + q(a));
        return this;
    }

    Recorder terminal(int rows, int cols) {
        writer.terminal(rows, cols);
        lines.add("TERMINAL rows=" + u(rows) + " cols=" + u(cols));
        return this;
    }

    Recorder consoleSocket(String p) {
        writer.consoleSocket(p);
        lines.add("CONSOLE_SOCKET path=" + q(p));
        return this;
    }

    Recorder execFifo(String p) {
        writer.execFifo(p);
        lines.add("EXEC_FIFO path=" + q(p));
        return this;
    }

    Recorder capabilities(Capabilities c) {
        writer.capabilities(c);
        lines.add("CAPABILITIES bounding=" + u(c.bounding()) + " effective=" + u(c.effective()) + " permitted="
                + u(c.permitted()) + " inheritable=" + u(c.inheritable()) + " ambient=" + u(c.ambient()));
        return this;
    }

    Recorder noNewPrivileges() {
        writer.noNewPrivileges();
        lines.add("NO_NEW_PRIVS");
        return this;
    }

    Recorder oomScoreAdj(int v) {
        writer.oomScoreAdj(v);
        lines.add("OOM_SCORE_ADJ value=" + v);
        return this;
    }

    Recorder preserveFds(int n) {
        writer.preserveFds(n);
        lines.add("PRESERVE_FDS n=" + u(n));
        return this;
    }

    Recorder seccomp(int flags, byte[] program) {
        writer.seccomp(flags, program);
        StringBuilder hex = new StringBuilder();
        for (byte b : program) {
            hex.append(String.format("%02x", b & 0xff));
        }
        lines.add("SECCOMP flags=" + u(flags) + " program=" + hex);
        return this;
    }

    Recorder scheduler(Scheduler s) {
        writer.scheduler(s);
        lines.add("SCHEDULER policy=" + u(s.policy()) + " nice=" + s.nice() + " priority=" + u(s.priority())
                + " flags=" + u(s.flags()) + " runtime=" + u(s.runtime()) + " deadline=" + u(s.deadline())
                + " period=" + u(s.period()));
        return this;
    }

    Recorder ioPriority(int ioClass, int level) {
        writer.ioPriority(ioClass, level);
        lines.add("IO_PRIORITY class=" + ioClass + " level=" + level);
        return this;
    }

    Recorder personality(int persona) {
        writer.personality(persona);
        lines.add("PERSONALITY persona=" + u(persona));
        return this;
    }

    private static String words(long[] w) {
        return Arrays.stream(w).mapToObj(Long::toUnsignedString).collect(Collectors.joining(","));
    }

    Recorder memoryPolicy(MemoryPolicy m) {
        writer.memoryPolicy(m);
        lines.add("MEMORY_POLICY mode=" + u(m.mode()) + " flags=" + u(m.flags()) + " nodes=" + words(m.nodes()));
        return this;
    }

    Recorder cpuAffinity(long[] initial, long[] fin) {
        writer.cpuAffinity(initial, fin);
        lines.add("CPU_AFFINITY initial=" + words(initial) + " final=" + words(fin));
        return this;
    }

    Recorder sessionKeyring(SessionKeyring k) {
        writer.sessionKeyring(k);
        lines.add("SESSION_KEYRING name=" + q(k.name()) + " keep=" + u(k.keepMask()) + " add=" + u(k.addBits()));
        return this;
    }

    private static String qs(List<String> v) {
        return v.stream().map(Recorder::q).collect(Collectors.joining(","));
    }

    Recorder hook(PlanRecords.Hook h) {
        writer.hook(h);
        lines.add("HOOK kind=" + h.kind() + " timeout=" + u(h.timeout()) + " path=" + q(h.path()) + " args="
                + qs(h.args()) + " env=" + qs(h.env()));
        return this;
    }

    Recorder hookState(String head, String tail) {
        writer.hookState(head, tail);
        lines.add("HOOK_STATE head=" + q(head) + " tail=" + q(tail));
        return this;
    }

    Recorder hookSync() {
        writer.hookSync();
        lines.add("HOOK_SYNC");
        return this;
    }

    Recorder timeOffsets(long monoSecs, int monoNanos, long bootSecs, int bootNanos) {
        writer.timeOffsets(monoSecs, monoNanos, bootSecs, bootNanos);
        lines.add("TIME_OFFSETS monotonic_secs=" + monoSecs + " monotonic_nanos=" + u(monoNanos)
                + " boottime_secs=" + bootSecs + " boottime_nanos=" + u(bootNanos));
        return this;
    }

    Recorder execLabel(InitPlanWriter.Lsm lsm, String label) {
        writer.execLabel(lsm, label);
        lines.add("EXEC_LABEL lsm=" + lsm.name().toLowerCase(java.util.Locale.ROOT) + " label=" + q(label));
        return this;
    }

    Recorder mountIdmap(boolean recursive, String uidMap, String gidMap) {
        writer.mountIdmap(recursive, uidMap, gidMap);
        lines.add("MOUNT_IDMAP recursive=" + (recursive ? 1 : 0) + " uid_map=" + q(uidMap) + " gid_map=" + q(gidMap));
        return this;
    }

    Recorder joinPid(int pid, long start) {
        writer.joinPid(pid, start);
        lines.add("JOIN_PID pid=" + u(pid) + " start=" + Long.toUnsignedString(start));
        return this;
    }
}
