package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OCI JSON documents into the records of this package, turning every failure into a
 * one-line {@link ConfigException}. Parsing only: semantic checks are {@code SpecValidator}'s.
 *
 * <p>Reading is hand-written on jackson-core's streaming parser ({@link SpecReader} and the
 * readers it calls), not databind: every jrunc command is a fresh JVM, and databind's
 * introspection of the records cost well over 100 ms of CPU per {@code create}.
 */
public final class SpecLoader {

    /** The bundle's configuration file name (runtime-spec bundle.md). */
    public static final String CONFIG_FILE = "config.json";

    /** Compiled on the first syntax error only: a valid config never needs them. */
    private static final class SyntaxPatterns {
        static final Pattern UNEXPECTED_CHAR =
                Pattern.compile("^Unexpected character \\((.+?) \\(code \\d+\\)\\)(?:: (.*))?$");
        static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*?)'.*$");
    }

    private SpecLoader() {
    }

    /** Loads {@code <bundleDir>/config.json}. */
    public static Spec load(Path bundleDir) {
        return read(bundleDir.resolve(CONFIG_FILE), Spec.class);
    }

    /**
     * Reads one JSON document of the given type from a file. Error texts name the file by its
     * last path element, as runc does (it reads {@code config.json} relative to the bundle).
     */
    public static <T> T read(Path file, Class<T> type) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            // runc's wording (spec.go loadSpec); scripts and tests match it.
            throw new ConfigException("", "JSON specification file " + name + " not found", e);
        } catch (IOException e) {
            throw new ConfigException("", name + ": cannot read: " + describe(e), e);
        }
        return parse(bytes, type, name);
    }

    /** Parses a document held in memory; {@code name} is used in syntax-error messages. */
    public static <T> T parse(String json, Class<T> type, String name) {
        return parse(json.getBytes(StandardCharsets.UTF_8), type, name);
    }

    private static <T> T parse(byte[] bytes, Class<T> type, String name) {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            // Jackson reports an empty document as a mapping problem; it is a syntax problem.
            throw syntaxError(name, 1, 1, "unexpected end of input", null);
        }
        Object value;
        try (JsonParser parser = JsonStreams.factory().createParser(bytes)) {
            try {
                parser.nextToken();
                value = SpecReader.document(type, new JsonCursor(parser));
                if (parser.nextToken() != null) {
                    // A syntax error in the trailing text is thrown by nextToken itself.
                    JsonLocation at = parser.currentTokenLocation();
                    throw syntaxError(name, at.getLineNr(), at.getColumnNr(),
                            "unexpected " + JsonCursor.describe(parser.currentToken()) + " after the top-level value",
                            null);
                }
            } catch (StreamReadException e) {
                throw syntaxError(name, e);
            }
        } catch (IOException e) {
            throw new ConfigException("", name + ": cannot read: " + describe(e), e);
        }
        if (value == null) {
            // runc: `null` decodes to a nil spec, reported with this phrase.
            throw new ConfigException("", "config cannot be null");
        }
        return type.cast(value);
    }

    private static ConfigException syntaxError(String name, StreamReadException e) {
        int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 1 : e.getLocation().getColumnNr();
        return syntaxError(name, line, column, shortSyntaxReason(e.getOriginalMessage()), e);
    }

    private static ConfigException syntaxError(String name, int line, int column, String reason, Throwable cause) {
        return new ConfigException("",
                name + ": invalid JSON at line " + line + ", column " + column + ": " + reason,
                line, column, cause);
    }

    /** Trims Jackson's syntax messages to a short, single-line reason. */
    static String shortSyntaxReason(String message) {
        String text = firstLine(message == null ? "syntax error" : message);
        // Drop Jackson's parenthesised source descriptions, e.g. " (for Array starting at …)".
        for (String tail : new String[] {" (start marker", " (for "}) {
            int marker = text.indexOf(tail);
            if (marker >= 0) {
                text = text.substring(0, marker);
            }
        }
        if (text.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        Matcher m = SyntaxPatterns.UNEXPECTED_CHAR.matcher(text);
        if (m.matches()) {
            return "unexpected character " + m.group(1) + (m.group(2) == null ? "" : ", " + m.group(2));
        }
        m = SyntaxPatterns.UNRECOGNIZED_TOKEN.matcher(text);
        if (m.matches()) {
            return "unrecognized token '" + m.group(1) + "'";
        }
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** "Is a directory", "permission denied": the OS reason without Java class names or paths. */
    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid value";
        }
        int nl = text.indexOf('\n');
        return (nl >= 0 ? text.substring(0, nl) : text).strip();
    }
}
