package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.LinuxBlockIo;
import dev.jrunc.core.spec.LinuxCpu;
import dev.jrunc.core.spec.LinuxMemory;
import dev.jrunc.core.spec.LinuxPids;
import dev.jrunc.core.spec.LinuxResources;
import dev.jrunc.core.spec.SpecLoader;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code update} changes: runc's JSON resources document ({@code -r FILE|-}, the OCI
 * {@code LinuxResources} layout) or its flags, each parsed with runc's rules and words.
 */
public final class ResourceUpdate {
    private ResourceUpdate() {
    }

    /** The {@code -r} document; {@code name} is the file name (or "-") used in syntax errors. */
    public static LinuxResources fromJson(String json, String name) {
        return SpecLoader.parse(json, LinuxResources.class, name);
    }

    /**
     * From the flags given (flag name without dashes → value as typed). Unset flags leave the
     * kernel's value alone. {@code l3-cache-schema}/{@code mem-bw-schema} need Intel RDT, which
     * jrunc does not support: refused with runc's words for a host without it.
     */
    public static LinuxResources fromFlags(Map<String, String> flags) {
        if (flags.containsKey("l3-cache-schema")) {
            throw new JruncException("Intel RDT/CAT: l3 cache schema is not enabled");
        }
        if (flags.containsKey("mem-bw-schema")) {
            throw new JruncException("Intel RDT/MBA: memory bandwidth schema is not enabled");
        }
        LinuxMemory memory = new LinuxMemory(bytes(flags, "memory"), bytes(flags, "memory-reservation"),
                bytes(flags, "memory-swap"), bytes(flags, "kernel-memory"), bytes(flags, "kernel-memory-tcp"),
                null, null, null, null);
        LinuxCpu cpu = new LinuxCpu(unsigned(flags, "cpu-share", 64), signed(flags, "cpu-quota"), null,
                unsigned(flags, "cpu-period", 64), signed(flags, "cpu-rt-runtime"), unsigned(flags, "cpu-rt-period", 64),
                flags.get("cpuset-cpus"), flags.get("cpuset-mems"), null);
        Long pids = signed(flags, "pids-limit");
        Long weight = unsigned(flags, "blkio-weight", 16);
        LinuxBlockIo blockIo = weight == null ? null
                : new LinuxBlockIo(weight.intValue(), null, null, null, null, null, null);
        return new LinuxResources(null, memory, cpu, pids == null ? null : new LinuxPids(pids), blockIo, null, null,
                null, null);
    }

    private static Long signed(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new JruncException("invalid value for " + name + ": strconv.ParseInt: parsing " + GoQuote.of(v) + ": "
                    + (v.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax"));
        }
    }

    private static Long unsigned(Map<String, String> flags, String name, int bits) {
        String v = flags.get(name);
        if (v == null) {
            return null;
        }
        if (!v.matches("\\d+")) {
            throw new JruncException("invalid value for " + name + ": strconv.ParseUint: parsing " + GoQuote.of(v)
                    + ": invalid syntax");
        }
        BigInteger n = new BigInteger(v);
        if (n.bitLength() > bits) {
            throw new JruncException("invalid value for " + name + ": strconv.ParseUint: parsing " + GoQuote.of(v)
                    + ": value out of range");
        }
        return n.longValue();
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp])?(i?b)?", Pattern.CASE_INSENSITIVE);

    /** runc's memory flags: "-1" is unlimited, otherwise docker/go-units RAMInBytes (binary units). */
    private static Long bytes(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null) {
            return null;
        }
        if (v.equals("-1")) {
            return -1L;
        }
        Long parsed = ramInBytes(v);
        if (parsed == null) {
            throw new JruncException("invalid value for " + name + ": invalid size: '" + v + "'");
        }
        return parsed;
    }

    static Long ramInBytes(String v) {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            return null;
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return (long) (number * Math.pow(2, shift));
    }

    /** Go's %q for the plain ASCII values flags carry. */
    private static final class GoQuote {
        static String of(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
