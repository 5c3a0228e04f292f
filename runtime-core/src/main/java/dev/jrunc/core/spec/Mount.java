package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One {@code mounts} entry; the id mappings request an id-mapped (bind) mount. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mount(
        String destination,
        String type,
        String source,
        List<String> options,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings) {

    public Mount {
        options = Copies.list(options);
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
    }
}
