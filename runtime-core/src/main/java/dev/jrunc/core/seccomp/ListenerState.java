package dev.jrunc.core.seccomp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.List;
import java.util.Map;

/**
 * The container process state sent with the notify fd to {@code listenerPath}
 * (config-linux.md, "seccomp"), in runc's field order. The init's pid is known only to
 * {@code jrunc-init create}, so the JSON comes in three parts to be joined with the pid.
 */
public final class ListenerState {
    private ListenerState() {
    }

    /** part0 + pid + part1 + pid + part2 is the whole document. */
    public static List<String> parts(String ociVersion, String id, String bundle, Map<String, String> annotations,
                                     String metadata) {
        String part0 = "{\"ociVersion\":" + q(ociVersion) + ",\"fds\":[\"seccompFd\"],\"pid\":";
        StringBuilder part1 = new StringBuilder();
        if (metadata != null && !metadata.isEmpty()) {
            part1.append(",\"metadata\":").append(q(metadata));
        }
        part1.append(",\"state\":{\"ociVersion\":").append(q(ociVersion)).append(",\"id\":").append(q(id))
                .append(",\"status\":\"creating\",\"pid\":");
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
