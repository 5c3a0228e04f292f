package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.KnownNames;
import dev.jrunc.core.spec.LinuxCapabilities;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process an exec runs without {@code --process}: the container's config.json process
 * with the command line's changes, as runc's getProcess makes it (args replaced, cwd, user
 * and labels overridden when given, env and additional gids appended, capabilities added to
 * bounding/effective/permitted, and to ambient only when the config has an inheritable set,
 * the terminal from {@code --tty} alone, no-new-privileges only when given).
 */
public final class ExecProcess {
    private static final long MAX_ID = 0xFFFF_FFFFL;

    private ExecProcess() {
    }

    public static Process fromFlags(Process template, ExecRequest r) {
        if (r.args().isEmpty()) {
            throw new JruncException("args must not be empty");
        }
        User user = template.user() == null ? new User(0L, 0L, null, null, null) : template.user();
        if (r.user() != null && !r.user().isEmpty()) {
            user = withIds(user, r.user());
        }
        if (!r.additionalGids().isEmpty()) {
            List<Long> gids = new ArrayList<>(user.additionalGids() == null ? List.of() : user.additionalGids());
            for (long g : r.additionalGids()) {
                if (g < 0) {
                    throw new JruncException("additional-gids must be a positive number " + g);
                }
                if (g > MAX_ID) {
                    throw new JruncException("additional-gids: " + g + " is out of range");
                }
                gids.add(g);
            }
            user = new User(user.uid(), user.gid(), user.umask(), gids, user.username());
        }
        String cwd = r.cwd() != null && !r.cwd().isEmpty() ? r.cwd() : template.cwd();
        String apparmor = r.apparmor() != null && !r.apparmor().isEmpty() ? r.apparmor() : template.apparmorProfile();
        String label = r.processLabel() != null && !r.processLabel().isEmpty() ? r.processLabel()
                : template.selinuxLabel();
        Boolean noNewPrivs = r.noNewPrivs() != null ? r.noNewPrivs() : template.noNewPrivileges();
        List<String> env = new ArrayList<>(template.env() == null ? List.of() : template.env());
        env.addAll(r.env());
        return new Process(r.tty(), template.consoleSize(), user, r.args(), null, dedupEnv(env), cwd,
                withCaps(template.capabilities(), r.caps()), template.rlimits(), noNewPrivs, apparmor,
                template.oomScoreAdj(), template.scheduler(), label, template.ioPriority(),
                template.execCpuAffinity());
    }

    /**
     * The process of a {@code --process} file, with what runc's libcontainer takes from the
     * container's config when the file leaves it out: the capabilities (absent, not empty),
     * the rlimits (none given), the oom score (always the container's). Without the
     * container's process (config.json unreadable) a file without capabilities is refused:
     * the process would otherwise keep every capability jrunc has.
     */
    public static Process fromFile(Process file, Process container, String whyNoContainer) {
        LinuxCapabilities caps = file.capabilities();
        List<dev.jrunc.core.spec.PosixRlimit> rlimits = file.rlimits();
        Integer oom = file.oomScoreAdj();
        if (container != null) {
            caps = caps != null ? caps : container.capabilities();
            rlimits = rlimits != null && !rlimits.isEmpty() ? rlimits : container.rlimits();
            oom = container.oomScoreAdj();
        } else if (caps == null) {
            throw new JruncException("process.capabilities: not in the process file, and the container's are unknown: "
                    + whyNoContainer);
        }
        return new Process(file.terminal(), file.consoleSize(), file.user(), file.args(), file.commandLine(),
                file.env(), file.cwd(), caps, rlimits, file.noNewPrivileges(), file.apparmorProfile(), oom,
                file.scheduler(), file.selinuxLabel(), file.ioPriority(), file.execCpuAffinity());
    }

    /**
     * {@code uid[:gid]}, numbers only, each within uint32: a name, a sign, a third field or an
     * overflow is an error, never some other user (crun's CVE-2026-30892 ran the wrong one).
     */
    static User withIds(User user, String spec) {
        int colon = spec.indexOf(':');
        long uid = id(colon < 0 ? spec : spec.substring(0, colon), "uid");
        Long gid = colon < 0 ? user.gid() : Long.valueOf(id(spec.substring(colon + 1), "gid"));
        return new User(uid, gid, user.umask(), user.additionalGids(), user.username());
    }

    private static long id(String text, String what) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new JruncException("--user: bad " + what + " \"" + text + "\": must be a decimal number");
        }
        long v = Long.parseLong(text);
        if (v > MAX_ID) {
            throw new JruncException("--user: bad " + what + " \"" + text + "\": out of range");
        }
        return v;
    }

    private static LinuxCapabilities withCaps(LinuxCapabilities caps, List<String> added) {
        if (added.isEmpty()) {
            return caps;
        }
        for (String c : added) {
            if (!KnownNames.CAPABILITIES.contains(c)) {
                throw new JruncException("--cap: unknown capability \"" + c + "\"");
            }
        }
        LinuxCapabilities base = caps == null ? new LinuxCapabilities(null, null, null, null, null) : caps;
        // Ambient only with an inheritable set in the config: the kernel raises no ambient
        // capability that is not inheritable, and exec --cap gives none (CVE-2022-29162).
        List<String> ambient = base.inheritable() != null ? plus(base.ambient(), added) : base.ambient();
        return new LinuxCapabilities(plus(base.bounding(), added), plus(base.effective(), added), base.inheritable(),
                plus(base.permitted(), added), ambient);
    }

    private static List<String> plus(List<String> set, List<String> added) {
        Set<String> all = new LinkedHashSet<>(set == null ? List.of() : set);
        all.addAll(added);
        return List.copyOf(all);
    }

    /**
     * One entry per name, at its first position with its last value: what runc 1.1 passes
     * (it sets the variables one by one, in order, into its own environment).
     */
    static List<String> dedupEnv(List<String> env) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            byName.put(eq < 0 ? e : e.substring(0, eq), e);
        }
        return List.copyOf(byName.values());
    }
}
