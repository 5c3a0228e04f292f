package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The runtime-spec container statuses (runtime.md "State"). {@code creating} only appears in
 * the state handed to hooks; {@code jrunc state} reports the other four, as runc does.
 */
public enum ContainerStatus {
    CREATING, CREATED, RUNNING, PAUSED, STOPPED;

    /** The lower-case wire form, e.g. {@code running}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ContainerStatus fromWireName(String value) {
        for (ContainerStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown container status \"" + value + "\"");
    }
}
