package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One {@code linux.namespaces} entry. {@code type} stays a string so the validator can name an
 * unknown value in its error instead of failing inside the parser.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxNamespace(String type, String path) {
}
