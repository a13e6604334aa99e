package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.api.JourneyMails;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;

/** Sending a campaign through the per-recipient outbox, over the real core on Derby. */
class CampaignSendTest {
    private final CampaignFixture f = new CampaignFixture(2);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everyMemberOfEverySegmentGetsOneMessageWithItsOwnUnsubscribeAndBounceAddresses() {
        Record ada = f.contact("Ada", "ada@example.com");
        Record bob = f.contact("Bob", "bob@example.com");
        Record cyd = f.contact("Cyd", "cyd@example.com");
        Record first = f.segment("Germany", ada, bob);
        Record second = f.segment("Customers", bob, cyd);
        Record campaign = f.campaign(first.getId() + "," + second.getId(), null);

        assertEquals("Sending", f.campaigns.send(Actor.system(), campaign.getId()).get("status"));
        int runs = f.runSend();

        Map<String, String> envelope = f.queued("envelope_from");
        assertEquals(Set.of("ada@example.com", "bob@example.com", "cyd@example.com"), envelope.keySet(), "bob is in both segments, mailed once");
        envelope.values().forEach(v -> assertTrue(v.matches("bounce\\+[A-Za-z0-9_-]{16}@bounces\\.test"), v));
        assertEquals(3, Set.copyOf(envelope.values()).size(), "a VERP address per recipient");
        String unsubscribe = f.queued("unsubscribe").get("ada@example.com");
        assertTrue(unsubscribe.matches("<https://crm\\.test/campaign-links/u/[A-Za-z0-9_-]{16}>, <mailto:unsubscribe\\+[A-Za-z0-9_-]{16}@bounces\\.test\\?subject=unsubscribe>"),
                unsubscribe);
        assertEquals(4, runs, "at 2 messages a second: materialise, two batches, the empty one that finishes");
        Record sent = f.core.records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaign.getId());
        assertEquals("Sent", sent.get("status"));
        assertEquals(3L, ((Number) sent.get("recipients")).longValue());
        assertEquals(3L, f.campaigns.stats(Actor.system(), campaign.getId()).get("sent"));
    }

    @Test
    void aNodeDyingMidBatchLosesNoRecipientAndMailsNoneTwice() {
        Record[] contacts = new Record[5];
        for (int i = 0; i < contacts.length; i++) {
            contacts[i] = f.contact("C" + i, "c" + i + "@example.com");
        }
        Record campaign = f.campaign(f.segment("All", contacts).getId(), null);
        f.crashAfter.set(3); // the first batch of two commits; the second dies after queueing one message

        f.campaigns.send(Actor.system(), campaign.getId());
        int runs = f.runSend(); // the scheduler runs the instance again after the crash

        assertTrue(f.crashAfter.get() < 0, "the node died once");
        assertEquals(5, f.queued("message_id").size(), "each of the five exactly once (a second copy fails the check)");
        assertEquals(5, runs, "materialise, batch, batch that died, its rerun, last batch");
        for (Record c : contacts) {
            assertEquals("Queued", f.row(campaign.getId(), c.getId()));
        }
    }

    @Test
    void unsubscribedBouncedAndNonConsentingContactsAreSuppressedWithTheReason() {
        Record ada = f.contact("Ada", "ada@example.com");
        Record bob = f.contact("Bob", "Bob@Example.com");
        Record cyd = f.contact("Cyd", "cyd@example.com");
        Record dan = f.contact("Dan", null);
        Record eve = f.contact("Eve", "eve@example.com");
        String purpose = f.core.records.create(Actor.system(), "consentPurpose", Map.of("name", "Newsletter")).getId();
        f.consented.put(purpose, new java.util.HashSet<>(Set.of(ada.getId(), bob.getId(), cyd.getId(), dan.getId())));
        f.core.records.inTransaction(() -> f.store.suppress("bob@example.com", RecipientStore.UNSUBSCRIBED, bob.getId(), java.time.Instant.now()));
        f.core.records.inTransaction(() -> f.store.suppress("CYD@example.com", RecipientStore.HARD_BOUNCE, cyd.getId(), java.time.Instant.now()));
        Record campaign = f.campaign(f.segment("All", ada, bob, cyd, dan, eve).getId(), purpose);

        f.campaigns.send(Actor.system(), campaign.getId());
        f.runSend();

        assertEquals(Set.of("ada@example.com"), f.queued("message_id").keySet());
        assertEquals("Suppressed (Unsubscribed)", f.row(campaign.getId(), bob.getId()));
        assertEquals("Suppressed (Hard bounce)", f.row(campaign.getId(), cyd.getId()));
        assertEquals("Suppressed (No e-mail address)", f.row(campaign.getId(), dan.getId()));
        assertEquals("Suppressed (No consent)", f.row(campaign.getId(), eve.getId()));
        assertEquals(4L, f.campaigns.stats(Actor.system(), campaign.getId()).get("suppressed"));
    }

    @Test
    void oneClickUnsubscribeSuppressesTheAddressWithdrawsConsentAndCountsOnce() {
        Record ada = f.contact("Ada", "ada@example.com");
        String purpose = f.core.records.create(Actor.system(), "consentPurpose", Map.of("name", "Newsletter")).getId();
        f.consented.put(purpose, new java.util.HashSet<>(Set.of(ada.getId())));
        Record campaign = f.campaign(f.segment("All", ada).getId(), purpose);
        f.campaigns.send(Actor.system(), campaign.getId());
        f.runSend();
        String token = f.queued("envelope_from").get("ada@example.com").replaceAll("bounce\\+(.*)@.*", "$1");

        assertTrue(f.responses.unsubscribed(token, "one-click unsubscribe"));
        assertTrue(f.responses.unsubscribed(token, "one-click unsubscribe"), "a second click is harmless");
        assertEquals(false, f.responses.unsubscribed("AAAAAAAAAAAAAAAA", "one-click unsubscribe"), "a made-up token does nothing");

        assertEquals(List.of(ada.getId() + " " + purpose + " Campaign Spring news: one-click unsubscribe"), f.withdrawals);
        assertEquals(Map.of("ada@example.com", RecipientStore.UNSUBSCRIBED), f.store.suppressions(List.of("ADA@example.com")));
        assertEquals(1L, f.campaigns.stats(Actor.system(), campaign.getId()).get("unsubscribed"));
    }

    @Test
    void aHardBounceSuppressesTheAddressAndADelayIsOnlyCounted() {
        Record ada = f.contact("Ada", "ada@example.com");
        Record bob = f.contact("Bob", "bob@example.com");
        Record campaign = f.campaign(f.segment("All", ada, bob).getId(), null);
        f.campaigns.send(Actor.system(), campaign.getId());
        f.runSend();
        RecipientStore.Recipient adaRow = f.responses.recipient(f.queued("envelope_from").get("ada@example.com").replaceAll("bounce\\+(.*)@.*", "$1"));
        RecipientStore.Recipient bobRow = f.store.byMessageId(f.queued("message_id").get("bob@example.com"));

        f.responses.bounced(adaRow, true, true, "5.1.1");
        f.responses.bounced(bobRow, false, false, "4.4.7");

        assertEquals("Bounced (Hard bounce 5.1.1)", f.row(campaign.getId(), ada.getId()));
        assertEquals("Queued", f.row(campaign.getId(), bob.getId()));
        assertEquals(Map.of("ada@example.com", RecipientStore.HARD_BOUNCE), f.store.suppressions(List.of("ada@example.com", "bob@example.com")));
        Map<String, Object> stats = f.campaigns.stats(Actor.system(), campaign.getId());
        assertEquals(1L, stats.get("bounced"));
        assertEquals(1L, stats.get("delivered"));
        assertEquals(1L, stats.get("softBounced"));
    }

    @Test
    void aSoftBounceTheServerGaveUpOnIsSentAgainLaterAndAfterTheLastTryCountsAsBouncedWithTheAddressKept() {
        Record bob = f.contact("Bob", "bob@example.com");
        Record campaign = f.campaign(f.segment("All", bob).getId(), null);
        f.campaigns.send(Actor.system(), campaign.getId());
        f.runSend();
        String first = f.messagesTo("bob@example.com").get(0);

        f.responses.bounced(f.store.byMessageId(first), false, true, "4.2.2"); // mailbox full: the server gave up for now
        assertEquals(1, f.core.tasks.runAll(f.retries).size(), "one try later, on the clustered scheduler");
        List<String> sent = f.messagesTo("bob@example.com");
        assertEquals(2, sent.size(), "sent again, as a new message");
        assertEquals("Queued", f.row(campaign.getId(), bob.getId()));

        f.responses.bounced(f.store.byMessageId(sent.get(1)), false, true, "4.2.2");
        assertEquals(0, f.core.tasks.runAll(f.retries).size(), "the tries are used up");
        assertEquals("Bounced (Soft bounce 4.2.2 2x)", f.row(campaign.getId(), bob.getId()));
        assertEquals(Map.of(), f.store.suppressions(List.of("bob@example.com")), "a soft bounce says nothing lasting about the address");
        assertEquals(1L, f.campaigns.stats(Actor.system(), campaign.getId()).get("softBounced"), "recipients, not reports");
    }

    @Test
    void aCampaignWithoutTemplateOrSegmentsOrSentAlreadyIsRefusedNamingTheField() {
        Record campaign = f.campaign("", null);
        RestException noSegments = assertThrows(RestException.class, () -> f.campaigns.send(Actor.system(), campaign.getId()));
        assertEquals(422, noSegments.getStatus());
        assertEquals("segments", noSegments.getParameter());
        Record unknown = f.campaign("no-such-segment", null);
        assertEquals("segments", assertThrows(RestException.class, () -> f.campaigns.send(Actor.system(), unknown.getId())).getParameter());

        Record ok = f.campaign(f.segment("Nobody").getId(), null);
        f.campaigns.send(Actor.system(), ok.getId());
        RestException again = assertThrows(RestException.class, () -> f.campaigns.send(Actor.system(), ok.getId()));
        assertEquals(409, again.getStatus());
        assertEquals("status", again.getParameter());
    }

    @Test
    void theStatusMovesOnlyBySendingAndCancellingAndWhatWentOutStaysAsItWentOut() {
        Actor mia = f.core.user("mia", Set.of("marketing"), Set.of());
        Record ada = f.contact("Ada", "ada@example.com");
        String segment = f.segment("All", ada).getId();
        Map<String, Object> sentByHand = new HashMap<>(Map.of("name", "Fake", "status", "Sent", "segments", segment));
        assertEquals("status", assertThrows(ValidationException.class,
                () -> f.core.records.create(mia, CampaignTypes.CAMPAIGN, sentByHand)).getErrors().get(0).field());
        Record draft = f.core.records.create(mia, CampaignTypes.CAMPAIGN, Map.of("name", "Spring", "segments", segment,
                "template", f.campaign(segment, null).get("template")));
        for (Map<String, Object> byHand : List.<Map<String, Object>>of(Map.of("status", "Sending"), Map.of("recipients", 5), Map.of("status", "Sent"))) {
            ValidationException refused = assertThrows(ValidationException.class,
                    () -> f.core.records.update(mia, CampaignTypes.CAMPAIGN, draft.getId(), draft.getVersion(), byHand));
            assertEquals(byHand.keySet().iterator().next(), refused.getErrors().get(0).field());
        }

        assertEquals("Sending", f.campaigns.send(mia, draft.getId()).get("status"), "the action may, as mia");
        f.runSend();
        Record sent = f.core.records.get(mia, CampaignTypes.CAMPAIGN, draft.getId());
        assertEquals("Sent", sent.get("status"));
        for (Map<String, Object> afterwards : List.<Map<String, Object>>of(Map.of("segments", "other"), Map.of("status", "Cancelled"))) {
            assertThrows(ValidationException.class, () -> f.core.records.update(mia, CampaignTypes.CAMPAIGN, sent.getId(), sent.getVersion(), afterwards));
        }
        assertEquals("Spring news", f.core.records.update(mia, CampaignTypes.CAMPAIGN, sent.getId(), sent.getVersion(),
                Map.of("name", "Spring news")).get("name"), "its name and notes stay editable");

        Record later = f.core.records.create(mia, CampaignTypes.CAMPAIGN, Map.of("name", "Later", "segments", segment,
                "template", sent.get("template"), "sendAt", Instant.now().plusSeconds(3600)));
        Record scheduled = f.campaigns.send(mia, later.getId());
        assertEquals("Scheduled", scheduled.get("status"));
        Record moved = f.core.records.update(mia, CampaignTypes.CAMPAIGN, later.getId(), scheduled.getVersion(),
                Map.of("sendAt", Instant.now().plusSeconds(7200)));
        assertEquals("Cancelled", f.core.records.update(mia, CampaignTypes.CAMPAIGN, later.getId(), moved.getVersion(),
                Map.of("status", "Cancelled")).get("status"), "cancelling by hand is cancelling");
    }

    @Test
    void theDemoDataIsADraftCampaignToTheReachableSegmentWithTheNewsletterConsentAndAFinishedAbTest() {
        Record ada = f.contact("Ada", "ada@example.com");
        for (int i = 0; i < 9; i++) {
            f.contact("Reader" + i, "reader" + i + "@example.com");
        }
        Record newsletter = f.core.records.create(Actor.system(), "consentPurpose", Map.of("name", "Newsletter"));
        Record segment = f.segment("Reachable by e-mail", ada);
        new CampaignDemoData(f.core.records, f.core.metadata, f.store, f.split, f.core.tasks, Configs.of(CampaignDemoData.Config.class, Map.of()))
                .generate(segment, newsletter);

        Record draft = campaignNamed("December newsletter");
        assertEquals("Draft", draft.get("status"));
        assertEquals(segment.getId(), draft.get("segments"));
        assertEquals(newsletter.getId(), draft.get("consentPurpose"));
        assertEquals("Hello Ada", f.campaigns.preview(Actor.system(), draft.getId(), ada.getId()).subject());

        Record abTest = campaignNamed(AbTestDemoData.NAME);
        assertEquals(CampaignTypes.SENT, abTest.get("status"));
        Map<String, Object> report = f.abTests.report(Actor.system(), abTest.getId());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variants = (List<Map<String, Object>>) report.get("variants");
        assertEquals(List.of("A: plain subject", "B: personal subject"), variants.stream().map(v -> v.get("name")).toList());
        assertEquals(List.of(false, true), variants.stream().map(v -> v.get("winner")).toList(), "the personal subject won");
        assertEquals(List.of(1L, 1L), variants.stream().map(v -> ((Number) v.get("sent")).longValue()).toList(), "a fifth of 10 in the test, split evenly");
        assertEquals(0L, ((Number) report.get("held")).longValue(), "the rest got the winner");
        Map<String, Long> stats = f.store.stats(abTest.getId());
        assertEquals(10L, stats.get(RecipientStore.QUEUED), "every recipient's message queued once: " + stats);
        assertEquals(java.util.Set.of(RecipientStore.QUEUED, RecipientStore.OPENED, RecipientStore.CLICKED), stats.keySet(), "opened and clicked: " + stats);
    }

    private Record campaignNamed(String name) {
        return f.core.records.query(Actor.system(), org.rapportcrm.platform.api.query.Query.of(CampaignTypes.CAMPAIGN)
                .where(org.rapportcrm.platform.api.query.Filter.eq("name", name))).items().get(0);
    }

    @Test
    void aJourneyStepMailsEachContactOnceThroughTheOutboxWithItsSuppressionsAndTracking() {
        Record ada = f.contact("Ada", "ada@example.com");
        Record bob = f.contact("Bob", "bob@example.com");
        JourneySends journeys = new JourneySends(f.core.records, f.sender, f.store, f.new ConsentLedger());
        String template = f.core.records.create(Actor.system(), org.rapportcrm.platform.api.mail.MailService.TEMPLATE_TYPE, Map.of("name", "Welcome")).getId();
        String campaign = journeys.openCampaign("Welcome series: welcome", template, null);
        assertEquals(CampaignTypes.SENDING, f.core.records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaign).get("status"));
        f.core.records.inTransaction(() -> f.store.suppress("bob@example.com", RecipientStore.UNSUBSCRIBED, bob.getId(), Instant.now()));

        assertEquals(JourneyMails.Outcome.QUEUED, journeys.send(campaign, ada.getId()));
        assertEquals(JourneyMails.Outcome.ALREADY_SENT, journeys.send(campaign, ada.getId()), "the step taken again mails no one twice");
        assertEquals(JourneyMails.Outcome.SUPPRESSED, journeys.send(campaign, bob.getId()));
        assertEquals(Set.of("ada@example.com"), f.queued("unsubscribe").keySet());
        assertTrue(f.queued("unsubscribe").get("ada@example.com").contains("/campaign-links/u/"), "with its one-click unsubscribe");
        assertEquals(RecipientStore.UNSUBSCRIBED, journeys.unreachable(bob.getId(), null));
        assertEquals(null, journeys.unreachable(ada.getId(), null));

        String token = f.queued("envelope_from").get("ada@example.com").replaceAll("bounce\\+(.*)@.*", "$1");
        f.responses.opened(token);
        assertEquals(Set.of(RecipientStore.OPENED), journeys.responses(campaign, ada.getId()));
    }
}
