package dev.cookiewarden.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.cookiewarden.Concurrently;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RecentAnswersTest {

    private static String fresh(String s) {
        return new String(s.toCharArray()); // equal, not the same instance: as a request makes it
    }

    @Test
    void getWhenNothingPutThenNull() {
        RecentAnswers<String, String> recent = new RecentAnswers<>(8);
        assertNull(recent.get("fr-FR", "fr-FR".hashCode()));
    }

    @Test
    void getWhenEqualKeyPutThenItsAnswer() {
        RecentAnswers<String, String> recent = new RecentAnswers<>(8);
        recent.put("fr-FR,fr;q=0.9", "fr-FR,fr;q=0.9".hashCode(), "fr");
        assertEquals("fr", recent.get(fresh("fr-FR,fr;q=0.9"), "fr-FR,fr;q=0.9".hashCode()));
    }

    @Test
    void getWhenAnotherKeyOfTheSameHashHoldsTheSlotThenNull() {
        // "Aa" and "BB" share a hash code, hence a slot: only equals tells them apart.
        RecentAnswers<String, String> recent = new RecentAnswers<>(8);
        recent.put("Aa", "Aa".hashCode(), "first");
        assertNull(recent.get("BB", "BB".hashCode()));
        recent.put("BB", "BB".hashCode(), "second");
        assertNull(recent.get("Aa", "Aa".hashCode()));
        assertEquals("second", recent.get("BB", "BB".hashCode()));
    }

    @Test
    void getWithSlowWhenMissingThenAskedOnceAndKeptUnlessNull() {
        RecentAnswers<String, String> recent = new RecentAnswers<>(8);
        AtomicInteger asked = new AtomicInteger();
        Function<String, String> slow = k -> {
            asked.incrementAndGet();
            return k.startsWith("bad") ? null : "v" + k;
        };
        assertEquals("va", recent.get("a", "a".hashCode(), slow));
        assertEquals("va", recent.get(fresh("a"), "a".hashCode(), slow));
        assertEquals(1, asked.get(), "the second answer came from the array");
        assertNull(recent.get("bad", "bad".hashCode(), slow));
        assertNull(recent.get("bad", "bad".hashCode(), slow));
        assertEquals(3, asked.get(), "a null answer is not kept");
        assertEquals(1, recent.size());
    }

    @Test
    void constructorWhenSlotsNotAPowerOfTwoThenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RecentAnswers<>(48));
        assertTrue(e.getMessage().contains("[48]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RecentAnswers<>(0));
    }

    @Test
    void getWhenThreadsPutAndGetTogetherThenNeverAnotherKeysAnswer() throws Exception {
        RecentAnswers<String, String> recent = new RecentAnswers<>(16);
        List<Integer> hits = Concurrently.run(4, offset -> () -> {
            int n = 0;
            for (int i = 0; i < 200_000; i++) {
                String key = "k" + (i * 7 + offset) % 100;
                String answer = recent.get(key, key.hashCode());
                if (answer == null) {
                    recent.put(key, key.hashCode(), "v" + key);
                } else if (!answer.equals("v" + key)) {
                    throw new AssertionError(key + " got " + answer);
                } else {
                    n++;
                }
            }
            return n;
        });
        for (int n : hits) {
            assertTrue(n > 0);
        }
    }
}
