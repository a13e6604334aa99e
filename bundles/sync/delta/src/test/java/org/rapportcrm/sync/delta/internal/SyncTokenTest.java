package org.rapportcrm.sync.delta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;

class SyncTokenTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final String ACCESS = "q2Vb-x_9AbCd";

    @Test
    void aTokenComesBackAsTheSamePositionInTheOutbox() {
        SyncToken token = SyncToken.changesAfter(4711, NOW.minusSeconds(30), ACCESS);
        assertEquals(token, SyncToken.decode(token.encode(), NOW));
    }

    @Test
    void aSnapshotTokenKeepsItsTypeAndCursorEvenWithColonsInIt() {
        SyncToken token = new SyncToken(12, NOW, ACCESS, "contact", "Smith:7:x==");
        SyncToken back = SyncToken.decode(token.encode(), NOW);
        assertTrue(back.isSnapshot());
        assertEquals("contact", back.snapshotType());
        assertEquals("Smith:7:x==", back.cursor());
    }

    @Test
    void aTokenIsUrlSafe() {
        assertTrue(new SyncToken(Long.MAX_VALUE, NOW, ACCESS, "contact", "??>>//").encode().matches("[A-Za-z0-9_-]+"));
    }

    @Test
    void aTokenOlderThanTheOutboxKeepsIsRefusedSoTheClientStartsOver() {
        String old = SyncToken.changesAfter(1, NOW.minus(Outbox.RETENTION), ACCESS).encode();
        InvalidSyncTokenException e = assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode(old, NOW));
        assertTrue(e.getMessage().contains("start over"), e.getMessage());
    }

    @Test
    void aTokenJustWithinTheRetentionIsAccepted() {
        String recent = SyncToken.changesAfter(1, NOW.minus(Outbox.RETENTION).plus(SyncToken.MARGIN).plus(Duration.ofMinutes(1)), ACCESS).encode();
        assertEquals(1, SyncToken.decode(recent, NOW).sequence());
    }

    @Test
    void aTokenKeepsTheAccessOfTheCallerItWasIssuedTo() {
        assertEquals(ACCESS, SyncToken.decode(SyncToken.changesAfter(1, NOW, ACCESS).encode(), NOW).access());
        assertEquals(ACCESS, SyncToken.decode(new SyncToken(1, NOW, ACCESS, "contact", null).encode(), NOW).access());
    }

    @Test
    void aTokenOfTheFirstVersionWhichHadNoAccessIsRefusedSoItsHolderSyncsInFullOnce() {
        String first = Base64.getUrlEncoder().withoutPadding().encodeToString(("1:7:" + NOW.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode(first, NOW));
    }

    @Test
    void aTokenFromElsewhereIsRefused() {
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode("not a token!", NOW));
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode("MzoxOjE6eA", NOW)); // "3:1:1:x", another version
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode("MjoxOjE6", NOW)); // "2:1:1:", no access
        assertThrows(InvalidSyncTokenException.class, () -> SyncToken.decode("", NOW));
    }

    @Test
    void theChangesAfterATokenAreReadFromAMarginBeforeItsTimeSoALateCommitIsNotMissed() {
        assertEquals(NOW.minus(SyncToken.MARGIN), SyncToken.changesAfter(5, NOW, ACCESS).readFrom());
    }
}
