package dev.jrunc.core.cgroup;

/**
 * One device-access rule of the devices controller (config-linux "Allowed Device List").
 *
 * @param type   'a' (all), 'c' or 'b'
 * @param major  -1 for any
 * @param minor  -1 for any
 * @param access some of "rwm"
 */
public record DeviceRule(boolean allow, char type, long major, long minor, String access) {

    public DeviceRule {
        if (type != 'a' && type != 'c' && type != 'b') {
            throw new IllegalArgumentException("device rule type must be a, c or b: " + type);
        }
        if (access.isEmpty() || !access.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'm')) {
            throw new IllegalArgumentException("device rule access must be some of rwm: " + access);
        }
    }

    /** The v1 line, e.g. "c 1:3 rwm" or "a *:* rwm". */
    public String v1Line() {
        return type + " " + number(major) + ":" + number(minor) + " " + access;
    }

    private static String number(long n) {
        return n < 0 ? "*" : Long.toString(n);
    }
}
