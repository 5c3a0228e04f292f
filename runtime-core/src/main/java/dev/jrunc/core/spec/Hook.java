package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One lifecycle hook: an absolute executable path, its argv, env and timeout in seconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hook(String path, List<String> args, List<String> env, Integer timeout) {

    public Hook {
        args = Copies.list(args);
        env = Copies.list(env);
    }
}
