package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A value that is well-formed JSON but not acceptable for its field (wrong type, out of range).
 * Thrown from our own deserializers so that {@link SpecLoader} can use the message verbatim as
 * the {@link ConfigException#reason()}, while Jackson still attaches the JSON path.
 */
final class SpecInputException extends MismatchedInputException {

    SpecInputException(JsonParser p, String reason) {
        super(p, reason);
    }

    static SpecInputException wrongType(JsonParser p, String expected) {
        return new SpecInputException(p, "expected " + expected + ", got " + describe(p.currentToken()));
    }

    /** Names a JSON token the way a config author thinks of it. */
    static String describe(JsonToken token) {
        return JsonCursor.describe(token);
    }
}
