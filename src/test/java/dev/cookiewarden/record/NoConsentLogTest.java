package dev.cookiewarden.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoConsentLogTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void keepsNothing() {
        NoConsentLog log = new NoConsentLog();
        ConsentRecord record = RecordFixtures.record(NOW);
        log.append(record);
        assertEquals(List.of(), log.history(record.consentId()));
        List<ConsentRecord> exported = new ArrayList<>();
        log.export(Instant.EPOCH, Instant.MAX, exported::add);
        assertEquals(List.of(), exported);
        assertEquals(0, log.purgeBefore(NOW));
        assertEquals("none", log.kind());
    }

    @Test
    void closedLogRefusesEverythingButKind() {
        NoConsentLog log = new NoConsentLog();
        log.close();
        log.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> log.append(RecordFixtures.record(NOW)));
        assertEquals("The consent log [none] is closed", e.getMessage());
        assertEquals("none", log.kind());
        assertEquals("NoConsentLog[closed=true]", log.toString());
    }
}
