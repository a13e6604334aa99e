package org.rapportcrm.service.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.portal.internal.PortalTokens.Purpose;

class PortalTokensTest {
    private final PortalFixture fixture = new PortalFixture();
    private final PortalTokens tokens = new PortalTokens(fixture.core.records, fixture.clock);

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String refusal(Runnable attempt) {
        ValidationException e = assertThrows(ValidationException.class, attempt::run);
        assertEquals("token", e.getErrors().get(0).field());
        return e.getErrors().get(0).code();
    }

    @Test
    void aLinkWorksOnceAndOnlyItsHashIsStored() {
        String token = tokens.issue("user-1", Purpose.INVITATION, Duration.ofHours(72));

        PortalTokens.Redeemable link = tokens.check(token);
        assertEquals("user-1", link.userId());
        assertEquals(Purpose.INVITATION, link.purpose());
        Record stored = fixture.core.records.query(Actor.system(), Query.of(PortalTypes.TOKEN)).items().get(0);
        assertEquals(PortalTokens.hash(token), stored.get("tokenHash"));
        assertFalse(stored.getValues().values().stream().anyMatch(v -> String.valueOf(v).contains(token)), "the token itself is not kept");

        tokens.markUsed(link);
        assertEquals("used", refusal(() -> tokens.check(token)));
    }

    @Test
    void aLinkExpires() {
        String token = tokens.issue("user-1", Purpose.RESET, Duration.ofMinutes(60));
        fixture.clock.advance(Duration.ofMinutes(59));
        tokens.check(token);
        fixture.clock.advance(Duration.ofMinutes(1));
        assertEquals("expired", refusal(() -> tokens.check(token)));
    }

    @Test
    void aGarbledOrMadeUpLinkIsInvalid() {
        String token = tokens.issue("user-1", Purpose.RESET, Duration.ofMinutes(60));
        assertEquals("invalid", refusal(() -> tokens.check(token.substring(1))));
        assertEquals("invalid", refusal(() -> tokens.check(token.substring(1) + (token.charAt(0) == 'A' ? "B" : "A"))));
        assertEquals("invalid", refusal(() -> tokens.check("' or 1=1 --")));
        assertEquals("invalid", refusal(() -> tokens.check(null)));
    }

    @Test
    void aNewerLinkVoidsTheOlderOneOfThatPurpose() {
        String first = tokens.issue("user-1", Purpose.RESET, Duration.ofMinutes(60));
        String invitation = tokens.issue("user-1", Purpose.INVITATION, Duration.ofHours(72));
        String second = tokens.issue("user-1", Purpose.RESET, Duration.ofMinutes(60));

        assertEquals("used", refusal(() -> tokens.check(first)));
        tokens.check(second);
        tokens.check(invitation);
    }

    @Test
    void aLinkUsedMeanwhileCannotBeUsedAgain() {
        String token = tokens.issue("user-1", Purpose.RESET, Duration.ofMinutes(60));
        PortalTokens.Redeemable mine = tokens.check(token);
        PortalTokens.Redeemable theirs = tokens.check(token);
        tokens.markUsed(theirs);
        assertThrows(RuntimeException.class, () -> tokens.markUsed(mine), "the second use fails on the record's version");
        assertEquals(1, fixture.core.records.query(Actor.system(), Query.of(PortalTypes.TOKEN)).items().size());
    }
}
