package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * String escaping of Go's encoding/json, which runc uses: besides the usual escapes it writes
 * {@code < > &} and U+2028/U+2029 as {@code \u003c}-style sequences (HTML-safe output), with
 * lowercase hex. Annotations in {@code state} output can contain such characters.
 */
final class GoStringEscapes extends CharacterEscapes {

    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        ASCII['<'] = ESCAPE_CUSTOM;
        ASCII['>'] = ESCAPE_CUSTOM;
        ASCII['&'] = ESCAPE_CUSTOM;
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f') {
                ASCII[c] = ESCAPE_CUSTOM;
            }
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
        return null;
    }
}
