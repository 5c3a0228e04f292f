package dev.jrunc.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test resources under /spec and a tiny JSON-pointer editor for building bad configs. */
final class Fixtures {

    private Fixtures() {
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/spec/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path bundleWith(Path dir, String configJson) {
        try {
            Files.writeString(dir.resolve("config.json"), configJson);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Spec parse(String json) {
        return SpecLoader.parse(json, Spec.class, "config.json");
    }

    /** An editable copy of a resource. */
    static Doc doc(String resource) {
        try {
            return new Doc((ObjectNode) SpecJson.mapper().readTree(resource(resource)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON document edited by JSON pointer; values are given as JSON text. */
    static final class Doc {
        private final ObjectNode root;

        Doc(ObjectNode root) {
            this.root = root;
        }

        /** Sets (or appends, with index "-") the value at {@code pointer}. */
        Doc set(String pointer, String jsonValue) {
            JsonNode value = tree(jsonValue);
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
            String last = pointer.substring(slash + 1);
            if (parent instanceof ObjectNode o) {
                o.set(last, value);
            } else if (parent instanceof ArrayNode a) {
                if (last.equals("-")) {
                    a.add(value);
                } else {
                    a.set(Integer.parseInt(last), value);
                }
            } else {
                throw new IllegalArgumentException("no container at " + pointer);
            }
            return this;
        }

        Doc remove(String pointer) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
            String last = pointer.substring(slash + 1);
            if (parent instanceof ObjectNode o) {
                o.remove(last);
            } else if (parent instanceof ArrayNode a) {
                a.remove(Integer.parseInt(last));
            }
            return this;
        }

        String json() {
            return root.toString();
        }

        Spec spec() {
            return parse(json());
        }

        private static JsonNode tree(String json) {
            try {
                return SpecJson.mapper().readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
