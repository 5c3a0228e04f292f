package dev.jrunc.core.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.cgroup.CgroupException;
import dev.jrunc.core.cgroup.CgroupManager;
import dev.jrunc.core.spec.ContainerStatus;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code events}: one line of JSON per event, in runc's layout — {@code {"type":"stats",
 * "id":…,"data":{…}}} every interval and {@code {"type":"oom","id":…}} whenever the
 * container runs out of memory — until the container stops.
 */
public final class ContainerEvents {
    /** How often a stream checks whether the container has stopped. */
    private static final long STEP_MILLIS = 100;
    /** Insertion order matters (runc's field order); Go does not sort struct fields. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private final StateStore store;
    private final StatusProbe probe;

    public ContainerEvents(RuntimeContext ctx) {
        this.store = ctx.store();
        this.probe = new StatusProbe(store);
    }

    private ContainerRecord running(String id) {
        ContainerRecord record = store.require(id);
        if (probe.status(record) == ContainerStatus.STOPPED) {
            throw new JruncException("container with id " + id + " is not running");
        }
        return record;
    }

    /** {@code events --stats}: a single stats event. */
    public String statsEvent(String id) {
        ContainerRecord record = running(id);
        try {
            return event("stats", id, CgroupManager.fromPaths(record.cgroupPaths()).stats());
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        }
    }

    /** Streams events to {@code out} until the container stops. */
    public void stream(String id, Duration interval, PrintStream out) {
        ContainerRecord record = running(id);
        long intervalMillis = Math.max(1, interval.toMillis());
        try (OomWatch oom = OomWatch.of(record.cgroupPaths())) {
            CgroupManager cgroup = CgroupManager.fromPaths(record.cgroupPaths());
            long next = System.currentTimeMillis() + intervalMillis;
            while (true) {
                long wait = Math.min(STEP_MILLIS, Math.max(0, next - System.currentTimeMillis()));
                if (oom.await(wait)) {
                    emit(out, event("oom", id, null));
                }
                if (probe.status(record) == ContainerStatus.STOPPED) {
                    return;
                }
                if (System.currentTimeMillis() >= next) {
                    emit(out, event("stats", id, cgroup.stats()));
                    next += intervalMillis;
                }
            }
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void emit(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }

    static String event(String type, String id, Map<String, Object> data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("id", id);
        if (data != null) {
            e.put("data", data);
        }
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new JruncException("encode event: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Go's time.ParseDuration for the forms people type: "5s", "100ms", "1m30s", "1.5s", "250us".
     */
    public static Duration parseInterval(String text) {
        Matcher m = DURATION_PART.matcher(text);
        double nanos = 0;
        int end = text.equals("0") ? 1 : 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new JruncException("invalid value \"" + text + "\" for flag -interval: parse error");
        }
        if (nanos <= 0) {
            throw new JruncException("duration interval must be greater than 0");
        }
        return Duration.ofNanos((long) nanos);
    }
}
