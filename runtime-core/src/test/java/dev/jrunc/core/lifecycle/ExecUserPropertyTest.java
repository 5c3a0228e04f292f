package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.User;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * CVE-2026-30892 (crun ran {@code exec -u} as the wrong user after a parsing error):
 * {@code exec --user} text either means exactly the decimal ids it spells, each within
 * uint32, or is refused; no input ever yields some other user.
 */
class ExecUserPropertyTest {
    private static final long MAX_ID = 0xFFFF_FFFFL;
    private static final User TEMPLATE = new User(5L, 6L, null, List.of(10L), null);
    /** The reference reading: ASCII digits only, one optional ":gid", at most ten digits each. */
    private static final Pattern IDS = Pattern.compile("([0-9]{1,10})(?::([0-9]{1,10}))?");

    @Property(tries = 2000)
    void everyValidPairIsReadExactly(@ForAll @LongRange(min = 0, max = MAX_ID) long uid,
                                     @ForAll @LongRange(min = 0, max = MAX_ID) long gid) {
        User u = ExecProcess.withIds(TEMPLATE, uid + ":" + gid);
        assertEquals(uid, u.uid());
        assertEquals(gid, u.gid());
        assertEquals(TEMPLATE.additionalGids(), u.additionalGids(), "--user leaves the additional gids");
        User only = ExecProcess.withIds(TEMPLATE, Long.toString(uid));
        assertEquals(uid, only.uid());
        assertEquals(TEMPLATE.gid(), only.gid(), "without :gid the config's gid stays");
    }

    @Property(tries = 5000)
    void anyTextIsTheIdsItSpellsOrRefused(@ForAll("userTexts") String text) {
        Matcher m = IDS.matcher(text);
        boolean valid = m.matches() && Long.parseLong(m.group(1)) <= MAX_ID
                && (m.group(2) == null || Long.parseLong(m.group(2)) <= MAX_ID);
        if (!valid) {
            JruncException e = assertThrows(JruncException.class, () -> ExecProcess.withIds(TEMPLATE, text),
                    "\"" + text + "\" must be refused");
            assertEquals(true, e.getMessage().startsWith("--user: "), e.getMessage());
            return;
        }
        User u = ExecProcess.withIds(TEMPLATE, text);
        assertEquals(Long.parseLong(m.group(1)), u.uid(), text);
        assertEquals(m.group(2) == null ? TEMPLATE.gid() : Long.valueOf(m.group(2)), u.gid(), text);
    }

    /** Near-misses: digits mixed with separators, signs, spaces, names, non-ASCII digits, overflow. */
    @Provide
    Arbitrary<String> userTexts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12),
                Arbitraries.of(":", "::", "-", "+", " ", "\t", "\n", "0x", "root", "nobody", "٣", "１", "\0",
                        "4294967295", "4294967296", "18446744073709551616", "99999999999", "007", ""));
        return pieces.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
    }
}
