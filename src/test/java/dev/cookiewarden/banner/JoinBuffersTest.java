package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.Concurrently;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinBuffersTest {
    @Test
    void takeWhenNothingKeptThenNewArrayOfTheSize() {
        JoinBuffers pool = new JoinBuffers(2);
        byte[] a = pool.take();
        byte[] b = pool.take();
        assertEquals(JoinBuffers.SIZE, a.length);
        assertNotSame(a, b);
        assertEquals(0, pool.kept());
    }

    @Test
    void giveWhenSlotsFreeThenKeptAndTakenAgainUntilFullThenDropped() {
        JoinBuffers pool = new JoinBuffers(2);
        byte[] a = pool.take();
        byte[] b = pool.take();
        byte[] c = pool.take();
        pool.give(a);
        pool.give(b);
        pool.give(c);
        assertEquals(2, pool.kept(), "bounded by its slots, whatever is given");
        assertEquals("JoinBuffers[2 of 2 arrays of 32768 bytes kept]", pool.toString());
        assertSame(a, pool.take(), "the first slot first: the same arrays stay in use");
        assertSame(b, pool.take());
        assertNotSame(c, pool.take(), "the third was dropped");
    }

    @Test
    void giveWhenArrayNotFromThePoolThenRefused() {
        JoinBuffers pool = new JoinBuffers(1);
        assertThrows(IllegalArgumentException.class, () -> pool.give(new byte[10]));
        assertEquals(0, pool.kept());
    }

    @Test
    void constructorWhenNoSlotThenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JoinBuffers(0));
        assertTrue(e.getMessage().contains("[0]"), e.getMessage());
    }

    @Test
    void sharedPoolWhenMadeThenBounded() {
        assertTrue(JoinBuffers.SHARED.slots() >= 2 && JoinBuffers.SHARED.slots() <= 64, "" + JoinBuffers.SHARED.slots());
    }

    /**
     * Threads take an array, fill it with their own mark, check nobody else wrote into it while
     * they held it, and give it back: an array lent to two holders at once shows.
     */
    @Test
    void takeAndGiveWhenManyThreadsThenNoArrayHeldByTwoAtOnce() throws Exception {
        JoinBuffers pool = new JoinBuffers(3);
        int threads = 8;
        int rounds = 20_000;
        List<Integer> clashes = Concurrently.run(threads, t -> () -> {
            byte mark = (byte) (t + 1);
            int clashed = 0;
            for (int r = 0; r < rounds; r++) {
                byte[] array = pool.take();
                Arrays.fill(array, 0, 64, mark);
                Thread.onSpinWait();
                for (int i = 0; i < 64; i++) {
                    if (array[i] != mark) {
                        clashed++;
                        break;
                    }
                }
                pool.give(array);
            }
            return clashed;
        });
        assertEquals(0, clashes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(pool.kept() <= 3, "kept " + pool.kept());
    }
}
