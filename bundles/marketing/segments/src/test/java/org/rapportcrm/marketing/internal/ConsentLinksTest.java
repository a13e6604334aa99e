package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.core.internal.MutableClock;

class ConsentLinksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final ConsentLinks links = new ConsentLinks("https://crm.example.com/", Duration.ofDays(30), "secret".getBytes(StandardCharsets.UTF_8), clock);

    @Test
    void aLinkNamesWhatItIsForAndWorksUntilItExpires() {
        String url = links.url(ConsentLinks.CONFIRM, "entry-1");
        assertTrue(url.startsWith("https://crm.example.com/api/v1/consents/confirm?token="), url);
        String token = url.substring(url.indexOf("token=") + 6);
        assertEquals("entry-1", links.verify(ConsentLinks.CONFIRM, token));
        assertNull(links.verify(ConsentLinks.PREFERENCES, token), "a confirmation link does not open the preference centre");
        clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertNull(links.verify(ConsentLinks.CONFIRM, token), "expired");
    }

    @Test
    void aTamperedOrForeignTokenIsRefused() {
        String token = links.token(ConsentLinks.PREFERENCES, "contact-1");
        String otherId = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("preferences|contact-2|9999999999".getBytes(StandardCharsets.UTF_8));
        assertNull(links.verify(ConsentLinks.PREFERENCES, otherId + token.substring(token.indexOf('.'))));
        ConsentLinks otherSecret = new ConsentLinks("https://crm.example.com", Duration.ofDays(30), "other".getBytes(StandardCharsets.UTF_8), clock);
        assertNull(otherSecret.verify(ConsentLinks.PREFERENCES, token));
        assertNull(links.verify(ConsentLinks.PREFERENCES, "garbage"));
        assertNull(links.verify(ConsentLinks.PREFERENCES, "!!!.???"));
    }
}
