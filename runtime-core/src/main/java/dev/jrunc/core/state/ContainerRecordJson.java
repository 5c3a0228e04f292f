package dev.jrunc.core.state;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jrunc.core.spec.JsonStreams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * state.json on jackson-core's streaming API (no databind at start-up). The layout is what
 * databind wrote before: compact, components in record order, null members omitted, map
 * entries in their own order. Unknown members are ignored.
 *
 * <p>Keep in step with {@link ContainerRecord}: a new component needs a line in
 * {@link #write} and a case in {@link #read}.
 */
final class ContainerRecordJson {
    private ContainerRecordJson() {
    }

    static byte[] write(ContainerRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JsonStreams.factory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            string(g, "ociVersion", r.ociVersion());
            string(g, "id", r.id());
            g.writeNumberField("pid", r.pid());
            g.writeNumberField("initStartTime", r.initStartTime());
            string(g, "bundle", r.bundle());
            string(g, "rootfs", r.rootfs());
            string(g, "created", r.created());
            map(g, "annotations", r.annotations());
            map(g, "cgroupPaths", r.cgroupPaths());
            g.writeBooleanField("sharedPidNamespace", r.sharedPidNamespace());
            g.writeBooleanField("rootless", r.rootless());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static ContainerRecord read(byte[] json) throws IOException {
        try (JsonParser p = JsonStreams.factory().createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            String ociVersion = null;
            String id = null;
            int pid = 0;
            long initStartTime = 0;
            String bundle = null;
            String rootfs = null;
            String created = null;
            Map<String, String> annotations = null;
            Map<String, String> cgroupPaths = null;
            boolean sharedPidNamespace = false;
            boolean rootless = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "ociVersion" -> ociVersion = string(p, t);
                    case "id" -> id = string(p, t);
                    case "pid" -> pid = t == JsonToken.VALUE_NULL ? 0 : (int) number(p, t, true);
                    case "initStartTime" -> initStartTime = t == JsonToken.VALUE_NULL ? 0 : number(p, t, false);
                    case "bundle" -> bundle = string(p, t);
                    case "rootfs" -> rootfs = string(p, t);
                    case "created" -> created = string(p, t);
                    case "annotations" -> annotations = map(p, t);
                    case "cgroupPaths" -> cgroupPaths = map(p, t);
                    case "sharedPidNamespace" -> sharedPidNamespace = bool(p, t);
                    case "rootless" -> rootless = bool(p, t);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "trailing content after the state object");
            }
            return new ContainerRecord(ociVersion, id, pid, initStartTime, bundle, rootfs, created, annotations,
                    cgroupPaths, sharedPidNamespace, rootless);
        }
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void map(JsonGenerator g, String name, Map<String, String> map) throws IOException {
        if (map == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static long number(JsonParser p, JsonToken t, boolean int32) throws IOException {
        expect(p, t, JsonToken.VALUE_NUMBER_INT);
        return int32 ? p.getIntValue() : p.getLongValue();
    }

    private static boolean bool(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new JsonParseException(p, "expected boolean for \"" + p.currentName() + "\", got " + t);
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static Map<String, String> map(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT);
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            out.put(key, string(p, p.nextToken()));
        }
        return out;
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(p, "expected " + expected + (p.currentName() == null ? "" :
                    " for \"" + p.currentName() + "\"") + ", got " + actual);
        }
    }
}
