package dev.cookiewarden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DisplayNameTest {

    @Test
    void ofWhenPrintableAsciiWithinTheLimitThenTheSameStringWithoutACopy() {
        String name = "_ga_7XK2P4Q9ZR";
        assertSame(name, DisplayName.of(name));
        String longest = "x".repeat(DisplayName.MAX_LENGTH);
        assertSame(longest, DisplayName.of(longest));
        String edges = " ~";
        assertSame(edges, DisplayName.of(edges));
        assertTrue(DisplayName.isClean(longest));
    }

    @Test
    void ofWhenOneCharacterOverTheLimitThenCutWithAnEllipsis() {
        String name = "x".repeat(DisplayName.MAX_LENGTH + 1);
        String shown = DisplayName.of(name);
        assertEquals("x".repeat(DisplayName.MAX_LENGTH - 3) + "...", shown);
        assertFalse(DisplayName.isClean(name));
    }

    @Test
    void ofWhenCharacterOutsidePrintableAsciiThenReplacedWherever() {
        assertEquals("?bc", DisplayName.of("\u001fbc"));
        assertEquals("ab?", DisplayName.of("ab\u007f"));
        assertEquals("a?c", DisplayName.of("a\u00e9c"));
        assertFalse(DisplayName.isClean("a\u00e9c"));
        assertFalse(DisplayName.isClean(""));
        assertFalse(DisplayName.isClean(null));
        assertEquals("(no name)", DisplayName.of(""));
        assertEquals("(no name)", DisplayName.of(null));
    }
}
