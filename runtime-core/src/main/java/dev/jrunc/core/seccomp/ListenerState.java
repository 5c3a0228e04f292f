package dev.jrunc.core.seccomp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.List;
import java.util.Map;

/**
 * The container process state sent with the notify fd to {@code listenerPath}
 * (config-linux.md, "seccomp"), in runc's field order. The process's pid is known only to
 * jrunc-init, so the JSON comes in parts to be joined with it.
 */
public final class ListenerState {
    private ListenerState() {
    }

    /** part0 + pid + part1 + pid + part2 is the whole document: the init's, at create. */
    public static List<String> parts(String ociVersion, String id, String bundle, Map<String, String> annotations,
                                     String metadata) {
        List<String> p = build(ociVersion, id, "creating", null, bundle, annotations, metadata);
        return List.of(p.get(0), p.get(1), p.get(2));
    }

    /**
     * part0 + pid + part1 is the whole document of an exec'd process (pid: its own; runc's
     * setnsProcess): the container as "running" with the init's pid.
     */
    public static List<String> execParts(String ociVersion, String id, int initPid, String bundle,
                                         Map<String, String> annotations, String metadata) {
        List<String> p = build(ociVersion, id, "running", Integer.toString(initPid), bundle, annotations, metadata);
        return List.of(p.get(0), p.get(1) + p.get(2));
    }

    /** Three parts; the state's pid goes between the last two, {@code statePid} null leaves it out. */
    private static List<String> build(String ociVersion, String id, String status, String statePid, String bundle,
                                      Map<String, String> annotations, String metadata) {
        String part0 = "{\"ociVersion\":" + q(ociVersion) + ",\"fds\":[\"seccompFd\"],\"pid\":";
        StringBuilder part1 = new StringBuilder();
        if (metadata != null && !metadata.isEmpty()) {
            part1.append(",\"metadata\":").append(q(metadata));
        }
        part1.append(",\"state\":{\"ociVersion\":").append(q(ociVersion)).append(",\"id\":").append(q(id))
                .append(",\"status\":").append(q(status)).append(",\"pid\":");
        if (statePid != null) {
            part1.append(statePid);
        }
        StringBuilder part2 = new StringBuilder(",\"bundle\":").append(q(bundle));
        if (annotations != null && !annotations.isEmpty()) {
            part2.append(",\"annotations\":{");
            String sep = "";
            for (Map.Entry<String, String> e : annotations.entrySet()) {
                part2.append(sep).append(q(e.getKey())).append(':').append(q(e.getValue()));
                sep = ",";
            }
            part2.append('}');
        }
        part2.append("}}");
        return List.of(part0, part1.toString(), part2.toString());
    }

    private static String q(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
