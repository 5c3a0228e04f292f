package dev.jrunc.core.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuListTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0; {0}", "0-3,7; {0, 1, 2, 3, 7}", "7,0-1; {0, 1, 7}", "2-2; {2}", "0-15:2/4; {0, 1, 4, 5, 8, 9, 12, 13}",
        "1-9:1/3; {1, 4, 7}", "0-3:4/4; {0, 1, 2, 3}", "3,3,3; {3}"})
    void parsesTheKernelSyntax(String list, String ids) {
        assertEquals(ids, CpuList.parse(list, 8191).toString());
    }

    @Test
    void emptyOrAbsentIsEmpty() {
        assertEquals(new BitSet(), CpuList.parse("", 10));
        assertEquals(new BitSet(), CpuList.parse(null, 10));
        assertArrayEquals(new long[0], CpuList.words(CpuList.parse("", 10)));
    }

    @Test
    void wordsAreLittleEndianU64s() {
        assertArrayEquals(new long[] {0x8fL}, CpuList.words(CpuList.parse("0-3,7", 8191)));
        assertArrayEquals(new long[] {1L, 0L, Long.MIN_VALUE}, CpuList.words(CpuList.parse("0,191", 8191)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0-; bad element \"0-\"", "-1; bad element \"-1\"", "a; bad element \"a\"", "1,,2; empty element in the list",
        "1,; empty element in the list", "3-1; range \"3-1\" runs backwards", "11; 11 is over the limit 10",
        "0-11; 11 is over the limit 10", "0-7:3/2; bad stride in \"0-7:3/2\"", "0-7:0/2; bad stride in \"0-7:0/2\"",
        "1:1/2; bad stride in \"1:1/2\"", "0-7:1; bad stride in \"0-7:1\"", "' 1'; bad element \" 1\"",
        "9999999999; bad element \"9999999999\""})
    void refusesWithAReason(String list, String reason) {
        assertEquals(reason, assertThrows(IllegalArgumentException.class, () -> CpuList.parse(list, 10)).getMessage());
    }
}
