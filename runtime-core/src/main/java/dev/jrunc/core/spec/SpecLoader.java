package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OCI JSON documents into the records of this package, turning every failure into a
 * one-line {@link ConfigException}. Parsing only: semantic checks are {@code SpecValidator}'s.
 */
public final class SpecLoader {

    /** The bundle's configuration file name (runtime-spec bundle.md). */
    public static final String CONFIG_FILE = "config.json";

    private static final Pattern UNEXPECTED_CHAR =
            Pattern.compile("^Unexpected character \\((.+?) \\(code \\d+\\)\\)(?:: (.*))?$");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*?)'.*$");

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
        T value;
        // An explicit parser stays open inside the catch blocks, so its current token and
        // nesting context still describe where reading stopped.
        try (JsonParser parser = SpecJson.mapper().createParser(bytes)) {
            try {
                value = SpecJson.mapper().readValue(parser, type);
            } catch (InputCoercionException e) {
                throw new ConfigException(parserPath(parser), outOfRange(e), e);
            } catch (StreamReadException e) {
                throw syntaxError(name, e);
            } catch (JsonMappingException e) {
                throw mappingError(name, e);
            }
        } catch (IOException e) {
            throw new ConfigException("", name + ": cannot read: " + describe(e), e);
        }
        if (value == null) {
            // runc: `null` decodes to a nil spec, reported with this phrase.
            throw new ConfigException("", "config cannot be null");
        }
        return value;
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

    private static ConfigException mappingError(String name, JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InputCoercionException ice) {
            return new ConfigException(referencePath(e), outOfRange(ice), e);
        }
        if (cause instanceof StreamReadException sre) {
            // Databind wraps syntax errors met while binding a nested value.
            return syntaxError(name, sre);
        }
        String path = referencePath(e);
        if (e instanceof SpecInputException) {
            return new ConfigException(path, e.getOriginalMessage(), e);
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null
                && e.getProcessor() instanceof JsonParser p) {
            return new ConfigException(path, "expected " + expected(mie.getTargetType())
                    + ", got " + SpecInputException.describe(p.currentToken()), e);
        }
        return new ConfigException(path, firstLine(e.getOriginalMessage()), e);
    }

    private static String outOfRange(InputCoercionException e) {
        String text;
        try {
            text = e.getProcessor() instanceof JsonParser p ? p.getText() : null;
        } catch (IOException ignored) {
            text = null;
        }
        String kind = e.getTargetType() == Integer.TYPE || e.getTargetType() == Integer.class
                ? "a 32-bit integer" : "a 64-bit integer";
        return (text == null ? "value" : "value " + text) + " out of range for " + kind;
    }

    private static String expected(Class<?> target) {
        if (target == String.class) {
            return "string";
        }
        if (target == Boolean.class || target == Boolean.TYPE) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "integer";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "array";
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "object";
        }
        return target.getSimpleName();
    }

    private static String referencePath(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path = JsonPath.field(path, ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path = JsonPath.index(path, ref.getIndex());
            }
        }
        return path;
    }

    /** The parser's position as a JSON path; used when Jackson gives no reference chain. */
    private static String parserPath(JsonParser parser) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        String path = "";
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path = JsonPath.index(path, Math.max(c.getCurrentIndex(), 0));
            } else if (c.getCurrentName() != null) {
                path = JsonPath.field(path, c.getCurrentName());
            }
        }
        return path;
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
        Matcher m = UNEXPECTED_CHAR.matcher(text);
        if (m.matches()) {
            return "unexpected character " + m.group(1) + (m.group(2) == null ? "" : ", " + m.group(2));
        }
        m = UNRECOGNIZED_TOKEN.matcher(text);
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
