package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code hooks}: the six hook kinds, in runtime-spec order ({@code prestart} is deprecated). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hooks(
        List<Hook> prestart,
        List<Hook> createRuntime,
        List<Hook> createContainer,
        List<Hook> startContainer,
        List<Hook> poststart,
        List<Hook> poststop) {

    public Hooks {
        prestart = Copies.list(prestart);
        createRuntime = Copies.list(createRuntime);
        createContainer = Copies.list(createContainer);
        startContainer = Copies.list(startContainer);
        poststart = Copies.list(poststart);
        poststop = Copies.list(poststop);
    }
}
