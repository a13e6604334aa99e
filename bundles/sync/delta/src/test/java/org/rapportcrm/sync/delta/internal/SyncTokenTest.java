package org.rapportcrm.sync.delta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;

class SyncTokenTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void aTokenComesBackAsTheSamePositionInTheOutbox() {
        SyncToken token = SyncToken.changesAfter(4711, NOW.minusSeconds(30));
        assertEquals(token, SyncToken.decode(token.encode(), NOW));
    }

    @Test
    void aSnapshotTokenKeepsItsTypeAndCursorEvenWithColonsInIt() {
        SyncToken token = new SyncToken(12, NOW, "contact", "Smith:7:x==");
        SyncToken back = SyncToken.decode(token.encode(), NOW);
        assertTrue(back.isSnapshot());
        assertEquals("contact", back.snapshotType());
        assertEquals("Smith:7:x==", back.cursor());
    }

    @Test
    void aTokenIsUrlSafe() {
        assertTrue(new SyncToken(Long.MAX_VALUE, NOW, "contact", "??>>//").encode().matches("[A-Za-z0-9_-]+"));
    }

    @Test
    void aTokenOlderThanTheOutboxKeepsIsRefusedSoTheClientStartsOver() {
        String old = SyncToken.changesAfter(1, NOW.minus(Outbox.RETENTION)).encode();
        InvalidSyncTokenException e = assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode(old, NOW));
        assertTrue(e.getMessage().contains("start over"), e.getMessage());
    }

    @Test
    void aTokenJustWithinTheRetentionIsAccepted() {
        String recent = SyncToken.changesAfter(1, NOW.minus(Outbox.RETENTION).plus(SyncToken.MARGIN).plus(Duration.ofMinutes(1))).encode();
        assertEquals(1, SyncToken.decode(recent, NOW).sequence());
    }

    @Test
    void aTokenFromElsewhereIsRefused() {
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode("not a token!", NOW));
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode("MjoxOjE", NOW)); // "2:1:1", another version
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode("", NOW));
    }

    @Test
    void theChangesAfterATokenAreReadFromAMarginBeforeItsTimeSoALateCommitIsNotMissed() {
        assertEquals(NOW.minus(SyncToken.MARGIN), SyncToken.changesAfter(5, NOW).readFrom());
    }
}
