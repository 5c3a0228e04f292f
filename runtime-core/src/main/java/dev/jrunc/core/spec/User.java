package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code process.user}. Ids are uint32, hence {@code Long}. {@code additionalGids} elements are
 * range-checked by the validator rather than the parser.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record User(
        @Unsigned32 Long uid,
        @Unsigned32 Long gid,
        @Unsigned32 Long umask,
        List<Long> additionalGids,
        String username) {

    public User {
        additionalGids = Copies.list(additionalGids);
    }
}
