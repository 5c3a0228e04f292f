package dev.jrunc.core.spec;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths used in {@link ConfigException#field()}: {@code a.b[3].c}, with map keys
 * that are not plain identifiers quoted ({@code linux.sysctl["net.ipv4.ip_forward"]}) so that a
 * dot inside a key cannot be mistaken for nesting.
 */
public final class JsonPath {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPath() {
    }

    /** {@code parent.name}, or {@code parent["name"]} when the name needs quoting. */
    public static String field(String parent, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** {@code parent[index]}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
