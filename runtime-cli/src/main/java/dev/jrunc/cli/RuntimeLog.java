package dev.jrunc.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * runc's log: {@code --log FILE} (append) or stderr, as logrus text or JSON lines. containerd
 * decodes the file object by object and keeps the last "error" entry, so every line written
 * must be one well-formed JSON object.
 */
final class RuntimeLog {
    private final String file;
    private final boolean json;
    private final PrintStream stderr;

    RuntimeLog(String file, boolean json, PrintStream stderr) {
        this.file = file == null || file.isEmpty() ? null : file;
        this.json = json;
        this.stderr = stderr;
    }

    boolean writesToStderr() {
        return file == null;
    }

    void error(String message) {
        write("error", message);
    }

    void warning(String message) {
        write("warning", message);
    }

    private void write(String level, String message) {
        String time = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String line = line(json, level, message, time);
        if (file == null) {
            stderr.println(line);
            return;
        }
        try (FileOutputStream out = new FileOutputStream(file, true)) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            stderr.println(message);
        }
    }

    /** One entry without its newline; jrunc-init's log.c writes the same bytes (RuntimeLogFormatTest). */
    static String line(boolean json, String level, String message, String time) {
        return json
                ? "{\"level\":\"" + level + "\",\"msg\":" + jsonString(message) + ",\"time\":\"" + time + "\"}"
                : "time=\"" + time + "\" level=" + level + " msg=" + goQuote(message);
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** logrus quotes a value only when it holds characters outside a safe set. */
    static String goQuote(String s) {
        boolean plain = !s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || "-._/@^+".indexOf(c) >= 0);
        if (plain) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
