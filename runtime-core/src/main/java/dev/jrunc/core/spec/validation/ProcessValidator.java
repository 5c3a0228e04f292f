package dev.jrunc.core.spec.validation;

import dev.jrunc.core.spec.ConsoleSize;
import dev.jrunc.core.spec.JsonPath;
import dev.jrunc.core.spec.KnownNames;
import dev.jrunc.core.spec.LinuxCapabilities;
import dev.jrunc.core.spec.LinuxIoPriority;
import dev.jrunc.core.spec.PosixRlimit;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Scheduler;
import dev.jrunc.core.spec.Unsigned32;
import dev.jrunc.core.spec.User;
import dev.jrunc.linux.plan.PlanLimits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.jrunc.core.spec.validation.Checks.absolute;
import static dev.jrunc.core.spec.validation.Checks.allOf;
import static dev.jrunc.core.spec.validation.Checks.bounded;
import static dev.jrunc.core.spec.validation.Checks.fail;
import static dev.jrunc.core.spec.validation.Checks.noNulls;
import static dev.jrunc.core.spec.validation.Checks.notEmpty;
import static dev.jrunc.core.spec.validation.Checks.oneOf;
import static dev.jrunc.core.spec.validation.Checks.quote;
import static dev.jrunc.core.spec.validation.Checks.range;
import static dev.jrunc.core.spec.validation.Checks.required;

/**
 * {@code process} checks. Public so that {@code exec --process} documents (a bare process
 * object) can be validated with the same rules under their own path prefix.
 */
public final class ProcessValidator {

    /** struct winsize holds unsigned shorts. */
    private static final long MAX_CONSOLE_DIMENSION = 0xFFFF;
    /** The highest CPU number a plan's mask can carry. */
    public static final int MAX_CPU = PlanLimits.MAX_CPU_WORDS * 64 - 1;
    /** sched_setattr(2): the kernel's bounds for SCHED_DEADLINE (2^10 ns resolution, 2^63 ns). */
    private static final long MIN_DEADLINE_RUNTIME = 1024;

    private ProcessValidator() {
    }

    /** Validates {@code process}, naming fields under {@code field} (e.g. "process"). */
    public static void validate(String field, Process process) {
        if (process == null) {
            throw fail(field, "must be set");
        }
        if (process.args() == null || process.args().isEmpty()) {
            throw fail(field + ".args", "must not be empty");
        }
        noNulls(field + ".args", process.args());
        bounded(field + ".args", process.args(), PlanLimits.MAX_ARGS, PlanLimits.MAX_STRING);
        absolute(field + ".cwd", process.cwd());
        if (Boolean.TRUE.equals(process.terminal())) {
            // The spec says consoleSize is ignored without a terminal, so only check it here.
            consoleSize(field + ".consoleSize", process.consoleSize());
        }
        user(field + ".user", process.user());
        noNulls(field + ".env", process.env());
        bounded(field + ".env", process.env(), PlanLimits.MAX_ENV, PlanLimits.MAX_STRING);
        capabilities(field + ".capabilities", process.capabilities());
        rlimits(field + ".rlimits", process.rlimits());
        range(field + ".oomScoreAdj", process.oomScoreAdj(), -1000, 1000);
        scheduler(field + ".scheduler", process.scheduler());
        ioPriority(field + ".ioPriority", process.ioPriority());
        if (process.execCpuAffinity() != null) {
            Checks.idList(field + ".execCPUAffinity.initial", process.execCpuAffinity().initial(), MAX_CPU);
            Checks.idList(field + ".execCPUAffinity.final", process.execCpuAffinity().finalCpus(), MAX_CPU);
        }
    }

    private static void consoleSize(String field, ConsoleSize size) {
        if (size == null) {
            return;
        }
        required(field + ".height", size.height());
        required(field + ".width", size.width());
        if (Long.compareUnsigned(size.height(), MAX_CONSOLE_DIMENSION) > 0) {
            throw fail(field + ".height", "must be at most " + MAX_CONSOLE_DIMENSION);
        }
        if (Long.compareUnsigned(size.width(), MAX_CONSOLE_DIMENSION) > 0) {
            throw fail(field + ".width", "must be at most " + MAX_CONSOLE_DIMENSION);
        }
    }

    private static void user(String field, User user) {
        // A missing user is root, as with Go's zero value; runc accepts it.
        if (user == null || user.additionalGids() == null) {
            return;
        }
        List<Long> gids = user.additionalGids();
        for (int i = 0; i < gids.size(); i++) {
            Long gid = gids.get(i);
            if (gid == null || gid < 0 || gid > Unsigned32.MAX) {
                throw fail(JsonPath.index(field + ".additionalGids", i), "must be between 0 and " + Unsigned32.MAX);
            }
        }
    }

    private static void capabilities(String field, LinuxCapabilities caps) {
        if (caps == null) {
            return;
        }
        allOf(field + ".bounding", caps.bounding(), KnownNames.CAPABILITIES, "capability");
        allOf(field + ".effective", caps.effective(), KnownNames.CAPABILITIES, "capability");
        allOf(field + ".inheritable", caps.inheritable(), KnownNames.CAPABILITIES, "capability");
        allOf(field + ".permitted", caps.permitted(), KnownNames.CAPABILITIES, "capability");
        allOf(field + ".ambient", caps.ambient(), KnownNames.CAPABILITIES, "capability");
    }

    private static void rlimits(String field, List<PosixRlimit> rlimits) {
        if (rlimits == null) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rlimits.size(); i++) {
            String at = JsonPath.index(field, i);
            PosixRlimit r = rlimits.get(i);
            if (r == null) {
                throw fail(at, "must not be null");
            }
            oneOf(at + ".type", r.type(), KnownNames.RLIMITS, "rlimit");
            Integer first = seen.putIfAbsent(r.type(), i);
            if (first != null) {
                throw fail(at + ".type", "duplicate rlimit " + quote(r.type()) + " (first at "
                        + JsonPath.index(field, first) + ")");
            }
            required(at + ".hard", r.hard());
            required(at + ".soft", r.soft());
            if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                throw fail(at + ".soft", "soft limit " + Long.toUnsignedString(r.soft())
                        + " exceeds hard limit " + Long.toUnsignedString(r.hard()));
            }
        }
    }

    /** Mirrors runc's scheduler checks (validator.go scheduler). */
    private static void scheduler(String field, Scheduler s) {
        if (s == null) {
            return;
        }
        oneOf(field + ".policy", s.policy(), KnownNames.SCHEDULER_POLICIES, "scheduler policy");
        range(field + ".nice", s.nice(), -20, 19);
        boolean realtime = s.policy().equals("SCHED_FIFO") || s.policy().equals("SCHED_RR");
        if (s.priority() != null && s.priority() != 0 && !realtime) {
            throw fail(field + ".priority", "can only be specified for SCHED_FIFO or SCHED_RR policy");
        }
        boolean deadline = s.policy().equals("SCHED_DEADLINE");
        if (!deadline && (nonZero(s.runtime()) || nonZero(s.deadline()) || nonZero(s.period()))) {
            throw fail(field, "runtime/deadline/period can only be specified for SCHED_DEADLINE policy");
        }
        allOf(field + ".flags", s.flags(), KnownNames.SCHEDULER_FLAGS, "scheduler flag");
        // The kernel's own rules (sched_setattr(2)), checked here so the error names the field.
        if (realtime && (s.priority() == null || s.priority() < 1 || s.priority() > 99)) {
            throw fail(field + ".priority", "must be between 1 and 99 for " + s.policy());
        }
        if (deadline) {
            long runtime = s.runtime() == null ? 0 : s.runtime();
            long dl = s.deadline() == null ? 0 : s.deadline();
            long period = s.period() == null ? 0 : s.period();
            if (Long.compareUnsigned(runtime, MIN_DEADLINE_RUNTIME) < 0) {
                throw fail(field + ".runtime", "must be at least " + MIN_DEADLINE_RUNTIME + " ns for SCHED_DEADLINE");
            }
            if (dl < 0 || period < 0) {
                throw fail(field + (dl < 0 ? ".deadline" : ".period"), "must be below 2^63 ns");
            }
            if (Long.compareUnsigned(runtime, dl) > 0) {
                throw fail(field + ".deadline", "must be at least the runtime (" + Long.toUnsignedString(runtime)
                        + " ns)");
            }
            if (period != 0 && period < dl) {
                throw fail(field + ".period", "must be 0 or at least the deadline (" + dl + " ns)");
            }
        }
    }

    private static boolean nonZero(Long value) {
        return value != null && value != 0;
    }

    private static void ioPriority(String field, LinuxIoPriority p) {
        if (p == null) {
            return;
        }
        oneOf(field + ".class", p.ioClass(), KnownNames.IO_PRIORITY_CLASSES, "I/O priority class");
        range(field + ".priority", p.priority(), 0, 7);
    }
}
