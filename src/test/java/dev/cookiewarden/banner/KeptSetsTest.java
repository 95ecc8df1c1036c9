package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeptSetsTest {

    @Test
    void pushWhenSetFullThenNewestFirstAndOldestPushedOut() {
        KeptSets<String> sets = new KeptSets<>(4, 3);
        for (String entry : new String[] {"a", "b", "c", "d"}) {
            sets.push(7L, sets.of(7L), entry);
        }
        assertArrayEquals(new Object[] {"d", "c", "b"}, sets.of(7L));
        assertEquals(3, sets.kept());
    }

    @Test
    void pushWhenSetChangedSinceSeenThenNothingChanged() {
        KeptSets<String> sets = new KeptSets<>(4, 3);
        Object[] seen = sets.of(7L);
        sets.push(7L, seen, "first");
        sets.push(7L, seen, "lost"); // as a thread that read the set before the first push
        assertArrayEquals(new Object[] {"first"}, sets.of(7L));
    }

    @Test
    void ofWhenKeysChooseOtherSetsThenEachHoldsItsOwnAndEmptyOnesAreEmpty() {
        KeptSets<String> sets = new KeptSets<>(4, 2);
        sets.push(0L, sets.of(0L), "zero");
        sets.push(1L, sets.of(1L), "one");
        assertArrayEquals(new Object[] {"zero"}, sets.of(0L));
        assertArrayEquals(new Object[] {"one"}, sets.of(1L));
        assertEquals(0, sets.of(2L).length);
        assertEquals(2, sets.kept());
        assertTrue(sets.toString().contains("2 of 8"), sets::toString);
    }

    @Test
    void seenBeforeWhenToldTwiceInARowThenTrueAndAnotherInTheSlotForgetsIt() {
        KeptSets<String> sets = new KeptSets<>(4, 2);
        assertFalse(sets.seenBefore(0x1234_5600L), "first sighting");
        assertTrue(sets.seenBefore(0x1234_5600L), "second sighting");
        assertFalse(sets.seenBefore(0x9999_9900L), "the same low bits: takes the slot");
        assertFalse(sets.seenBefore(0x1234_5600L), "forgotten, seen once again");
        assertFalse(sets.seenBefore(0L), "0 is a sighting like any other, not an empty slot");
        assertTrue(sets.seenBefore(0L));
    }

    @Test
    void constructorWhenSetsNotAPowerOfTwoOrNoWaysThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeptSets<String>(6, 2));
        assertThrows(IllegalArgumentException.class, () -> new KeptSets<String>(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new KeptSets<String>(4, 0));
    }
}
