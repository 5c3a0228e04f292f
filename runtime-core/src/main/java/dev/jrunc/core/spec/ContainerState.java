package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The document {@code jrunc state} prints, field for field runc's {@code containerState}
 * (list.go): {@code annotations} is omitted when empty, {@code owner} is always present (empty
 * in {@code state}, filled by {@code list}), {@code pid} is always present (0 once stopped).
 * {@code ociVersion} is the runtime's spec version, not the bundle's.
 */
@JsonPropertyOrder({"ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "annotations", "owner"})
public record ContainerState(
        String ociVersion,
        String id,
        int pid,
        ContainerStatus status,
        String bundle,
        String rootfs,
        @JsonSerialize(using = GoTime.Serializer.class)
        @JsonDeserialize(using = GoTime.Deserializer.class)
        Instant created,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        @JsonInclude(JsonInclude.Include.ALWAYS) String owner) {

    public ContainerState {
        annotations = annotations == null ? Map.of() : Copies.map(annotations);
        owner = owner == null ? "" : owner;
    }

    /** runc's exact layout: two-space indent, no trailing newline. */
    public String toJson() {
        // Written on the streaming generator: databind's serializer setup is a start-up cost.
        try {
            GoJson json = new GoJson("  ");
            JsonGenerator g = json.generator();
            g.writeStartObject();
            g.writeStringField("ociVersion", ociVersion);
            g.writeStringField("id", id);
            g.writeNumberField("pid", pid);
            g.writeStringField("status", status == null ? null : status.wireName());
            g.writeStringField("bundle", bundle);
            g.writeStringField("rootfs", rootfs);
            g.writeStringField("created", created == null ? null : GoTime.format(created));
            if (!annotations.isEmpty()) {
                json.stringMap("annotations", annotations);
            }
            g.writeStringField("owner", owner);
            g.writeEndObject();
            return json.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
