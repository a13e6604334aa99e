package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;

/** A recipient's message, its tokens and VERP address. */
class CampaignMessagesTest {
    private final CampaignMessages messages = new CampaignMessages(new CampaignFixture.Links(), "bounces.test", true);
    private final RecipientTokens tokens = new RecipientTokens();

    @Test
    void tokensAreRandomShortEnoughForALocalPartAndStoredOnlyAsTheirHash() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = tokens.fresh();
            assertTrue(token.matches("[A-Za-z0-9_-]{16}"), token);
            assertTrue(seen.add(token));
        }
        String token = tokens.fresh();
        assertEquals(64, RecipientTokens.hash(token).length());
        assertFalse(RecipientTokens.hash(token).contains(token));
    }

    @Test
    void theVerpAddressGivesBackItsTokenAndNothingElseDoes() {
        String token = tokens.fresh();
        String verp = RecipientTokens.address(RecipientTokens.BOUNCE, token, "bounces.test");
        assertEquals("bounce+" + token + "@bounces.test", verp);
        assertEquals(token, RecipientTokens.tokenOf(RecipientTokens.BOUNCE, verp));
        assertEquals(token, RecipientTokens.tokenOf(RecipientTokens.BOUNCE, "BOUNCE+" + token + "@bounces.test"), "local parts may be upper-cased on the way");
        assertNull(RecipientTokens.tokenOf(RecipientTokens.UNSUBSCRIBE, verp), "a bounce address unsubscribes nobody");
        assertNull(RecipientTokens.tokenOf(RecipientTokens.BOUNCE, "bounce@bounces.test"));
        assertNull(RecipientTokens.tokenOf(RecipientTokens.BOUNCE, "bounce+short@bounces.test"));
        assertNull(RecipientTokens.tokenOf(RecipientTokens.BOUNCE, null));
    }

    @Test
    void theMessageCarriesOneClickUnsubscribeHeadersAFooterAndAVerpSender() {
        OutgoingMail mail = messages.message(new RenderedMail("Spring", "<html><body><p>Hi</p></body></html>", "Hi"), "ada@example.com",
                "abcdefghijklmnop", "c1", "k1");
        assertEquals("<https://crm.test/campaign-links/u/abcdefghijklmnop>, <mailto:unsubscribe+abcdefghijklmnop@bounces.test?subject=unsubscribe>",
                mail.headers().get("List-Unsubscribe"));
        assertEquals("List-Unsubscribe=One-Click", mail.headers().get("List-Unsubscribe-Post"));
        assertEquals("bounce+abcdefghijklmnop@bounces.test", mail.envelopeFrom());
        assertTrue(mail.text().endsWith("Unsubscribe: https://crm.test/campaign-links/u/abcdefghijklmnop\n"), mail.text());
        assertTrue(mail.html().contains("<img src=\"https://crm.test/campaign-links/o/abcdefghijklmnop\""), mail.html());
        assertTrue(mail.html().endsWith("</body></html>"), "the footer goes inside the body: " + mail.html());
        assertEquals("contact", mail.relatedType());
    }

    @Test
    void linksAreRedirectedThroughSignedClickUrlsThatOnlyLeadToTheOriginalTarget() {
        OutgoingMail mail = messages.message(new RenderedMail("Spring", "<p><a class=\"b\" href=\"https://shop.test/x?a=1&amp;b=2\">shop</a> "
                + "<a href=\"mailto:sales@shop.test\">write</a></p>", null), "ada@example.com", "abcdefghijklmnop", "c1", "k1");
        Matcher m = Pattern.compile("href=\"https://crm\\.test/campaign-links/c\\?l=([^\"]+)\"").matcher(mail.html());
        assertTrue(m.find(), mail.html());
        assertArrayEquals(new String[] {"abcdefghijklmnop", "https://shop.test/x?a=1&b=2"}, messages.click(m.group(1)));
        assertTrue(mail.html().contains("href=\"mailto:sales@shop.test\""), "only web links are tracked");
        assertNull(messages.click("not-signed"));
        assertNull(messages.click(new CampaignFixture.Links().sign("other", "abcdefghijklmnop https://evil.test", java.time.Duration.ofDays(1))),
                "a token signed for something else is no click link");
        assertNull(mail.text());
    }
}
