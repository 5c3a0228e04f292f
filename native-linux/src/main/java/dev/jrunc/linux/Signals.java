package dev.jrunc.linux;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Signal names of Linux on x86_64 and aarch64. As in runc, only signals 1-31 have names;
 * real-time signals are given as numbers.
 */
public final class Signals {
    private Signals() {
    }

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final List<String> NAMES = List.of(
            "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
            "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    /** Highest signal number the kernel accepts (SIGRTMAX). */
    public static final int MAX = 64;

    /**
     * Parses a decimal number (0 to {@link #MAX}) or a name with or without "SIG", in any
     * case. Empty when the text names no signal.
     */
    public static OptionalInt parse(String text) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        if (text.chars().allMatch(Character::isDigit)) {
            if (text.length() > 3) {
                return OptionalInt.empty();
            }
            int n = Integer.parseInt(text);
            return n <= MAX ? OptionalInt.of(n) : OptionalInt.empty();
        }
        String name = text.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        // IOT and POLL are aliases the kernel headers define as well.
        switch (name) {
            case "IOT" -> name = "ABRT";
            case "POLL" -> name = "IO";
            case "CLD" -> name = "CHLD";
            default -> { }
        }
        int index = NAMES.indexOf(name);
        return index > 0 ? OptionalInt.of(index) : OptionalInt.empty();
    }

    public static String name(int signal) {
        return signal > 0 && signal < NAMES.size() ? "SIG" + NAMES.get(signal) : "signal " + signal;
    }
}
