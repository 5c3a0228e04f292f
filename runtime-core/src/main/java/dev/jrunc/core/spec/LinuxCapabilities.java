package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code process.capabilities}: the five capability sets, as {@code CAP_*} names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxCapabilities(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient) {

    public LinuxCapabilities {
        bounding = Copies.list(bounding);
        effective = Copies.list(effective);
        inheritable = Copies.list(inheritable);
        permitted = Copies.list(permitted);
        ambient = Copies.list(ambient);
    }
}
