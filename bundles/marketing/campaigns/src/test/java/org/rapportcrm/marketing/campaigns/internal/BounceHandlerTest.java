package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/** What comes back to a campaign's VERP and unsubscribe addresses, as the platform hands it over from the bounce mailbox. */
class BounceHandlerTest {
    private final CampaignFixture f = new CampaignFixture(100);
    private final BounceHandler handler = new BounceHandler(f.responses, f.store);
    private Record campaign;
    private Record ada;
    private Record bob;

    @BeforeEach
    void sent() {
        ada = f.contact("Ada", "ada@example.com");
        bob = f.contact("Bob", "bob@example.com");
        campaign = f.campaign(f.segment("All", ada, bob).getId(), null);
        f.campaigns.send(Actor.system(), campaign.getId());
        f.runSend();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aPermanentFailureToTheVerpAddressSuppressesTheAddress() {
        handler.handle(mail(f.queued("envelope_from").get("ada@example.com"), Map.of(), report(null, "failed", "5.1.1")));
        handler.handle(mail(f.queued("envelope_from").get("ada@example.com"), Map.of(), report(null, "failed", "5.1.1")));

        assertEquals("Bounced (Hard bounce 5.1.1)", f.row(campaign.getId(), ada.getId()), "idempotent: the platform may offer it twice");
        assertEquals(Map.of("ada@example.com", RecipientStore.HARD_BOUNCE), f.store.suppressions(List.of("ada@example.com")));
    }

    @Test
    void aReportWhoseVerpAddressWasLostIsMatchedByTheMessageIdItQuotes() {
        handler.handle(mail("postmaster@example.com", Map.of(), report(f.queued("message_id").get("bob@example.com"), "failed", "5.2.1")));
        assertEquals("Bounced (Hard bounce 5.2.1)", f.row(campaign.getId(), bob.getId()));
    }

    @Test
    void aDelayIsCountedAndSuppressesNothing() {
        handler.handle(mail(f.queued("envelope_from").get("ada@example.com"), Map.of(), report(null, "delayed", "4.4.7")));
        assertEquals("Queued", f.row(campaign.getId(), ada.getId()));
        assertEquals(Map.of(), f.store.suppressions(List.of("ada@example.com")));
        assertEquals(1L, f.campaigns.stats(Actor.system(), campaign.getId()).get("softBounced"));
    }

    @Test
    void anAbuseReportSuppressesAndAMailToTheUnsubscribeAddressUnsubscribes() {
        handler.handle(mail(f.queued("envelope_from").get("ada@example.com"),
                Map.of("content-type", List.of("multipart/report; report-type=feedback-report; boundary=x")), null));
        String bobToken = f.queued("envelope_from").get("bob@example.com").replaceAll("bounce\\+(.*)@.*", "$1");
        handler.handle(mail("unsubscribe+" + bobToken + "@bounces.test", Map.of(), null));

        assertEquals(Map.of("ada@example.com", RecipientStore.COMPLAINT, "bob@example.com", RecipientStore.UNSUBSCRIBED),
                f.store.suppressions(List.of("ada@example.com", "bob@example.com")));
    }

    @Test
    void aMessageToAnUnknownOrForgedAddressChangesNothing() {
        handler.handle(mail("bounce+AAAAAAAAAAAAAAAA@bounces.test", Map.of(), report(null, "failed", "5.1.1")));
        handler.handle(mail("unsubscribe+AAAAAAAAAAAAAAAA@bounces.test", Map.of(), null));
        assertEquals(Map.of(), f.store.suppressions(List.of("ada@example.com", "bob@example.com")));
    }

    private static DeliveryReport report(String messageId, String action, String status) {
        return new DeliveryReport("dns; mx.example.com", messageId, List.of(new DeliveryReport.Recipient("ada@example.com", action, status, null)));
    }

    private static IncomingMail mail(String to, Map<String, List<String>> headers, DeliveryReport report) {
        return new IncomingMail("bounces", "<" + java.util.UUID.randomUUID() + "@mx.example.com>", null, List.of(),
                MailAddress.parse("MAILER-DAEMON@mx.example.com"), List.of(MailAddress.parse(to)), List.of(), "Returned mail", Instant.now(),
                "text", null, List.of(), headers, report);
    }
}
