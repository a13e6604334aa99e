package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;

/**
 * A/B campaigns through the per-recipient outbox, over the real core (Derby here, PostgreSQL in the subclass): the
 * test share first, split evenly and reproducibly; the winner after the window (a moved clock) or by hand; every
 * recipient exactly one message, across a node dying mid-send.
 */
class AbTestSendTest {
    private static final Duration WINDOW = Duration.ofHours(4);
    private CampaignFixture f;
    private final List<Record> people = new ArrayList<>();
    private Record segment;

    DataSource database() {
        return CoreFixture.memoryDataSource();
    }

    @BeforeEach
    void twentyContactsInASegment() {
        f = new CampaignFixture(500, database());
        for (int i = 0; i < 20; i++) {
            people.add(f.contact("P" + i, "p" + i + "@example.com"));
        }
        segment = f.segment("All", people.toArray(Record[]::new));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Record abCampaign(int share, String mode, String... subjects) {
        Map<String, Object> values = new HashMap<>(Map.of("name", "Spring A/B", "segments", segment.getId(), "testShare", share,
                "testWindow", WINDOW.toString(), "winnerMetric", "Opens", "winnerMode", mode));
        Record campaign = f.core.records.create(Actor.system(), CampaignTypes.CAMPAIGN, values);
        for (String subject : subjects) {
            variant(campaign, subject);
        }
        return campaign;
    }

    private Record variant(Record campaign, String subject) {
        String template = f.core.records.create(Actor.system(), MailService.TEMPLATE_TYPE, Map.of("name", subject, "textBody", subject)).getId();
        return f.core.records.create(Actor.system(), CampaignTypes.VARIANT, Map.of("campaign", campaign.getId(), "name", subject, "template", template));
    }

    /** Runs the sender's tasks due within a minute of the (moved) clock: the batches, not a test window's end. */
    private void runSoon() {
        f.core.tasks.runDue(f.sender, f.clock.instant().plus(Duration.ofMinutes(1)));
    }

    /** The variant ("Subject A P3" → "Subject A", the text the fixture renders) of every queued message, by recipient; a second message to anyone fails. */
    private Map<String, String> subjects() {
        return f.queued("text").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().replaceAll("(?s) P\\d+\\b.*", "")));
    }

    private Record get(Record r, String type) {
        return f.core.records.get(Actor.system(), type, r.getId());
    }

    private void open(String address) {
        String token = f.queued("envelope_from").get(address).replaceAll("bounce\\+(.*)@.*", "$1");
        assertTrue(f.responses.opened(token));
    }

    @Test
    void theTestShareGoesFirstSplitEvenlyAmongTheVariantsInTheOrderOfTheDraw() {
        Record campaign = abCampaign(40, "Automatic", "Subject A", "Subject B");

        f.campaigns.send(Actor.system(), campaign.getId());
        runSoon();

        Map<String, String> sent = subjects();
        assertEquals(8, sent.size(), "40% of 20");
        assertEquals(Map.of("Subject A", 4L, "Subject B", 4L), sent.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        Set<String> drawnFirst = people.stream().sorted(Comparator.comparingLong((Record p) -> AbTestStore.draw(campaign.getId(), p.getId())))
                .limit(8).map(p -> p.get("email").toString()).collect(Collectors.toSet());
        assertEquals(drawnFirst, sent.keySet(), "the eight with the lowest draw: random, yet the same every time");
        Record testing = get(campaign, CampaignTypes.CAMPAIGN);
        assertEquals(CampaignTypes.TESTING, testing.get("status"));
        assertEquals(20L, ((Number) testing.get("recipients")).longValue());
        Instant ends = (Instant) testing.get("testEndsAt");
        assertTrue(Math.abs(Duration.between(f.clock.instant().plus(WINDOW), ends).toSeconds()) < 60, "the window starts once the test share is out");
        Map<String, Object> report = f.abTests.report(Actor.system(), campaign.getId());
        assertEquals(12L, report.get("held"));
        assertEquals(null, report.get("winner"));
        assertEquals(12L, f.campaigns.stats(Actor.system(), campaign.getId()).get("held"));
    }

    @Test
    void afterTheWindowTheVariantWithTheBestOpenRateGoesToTheRestAndNobodyGetsTwo() {
        Record campaign = abCampaign(40, "Automatic", "Subject A", "Subject B");
        f.campaigns.send(Actor.system(), campaign.getId());
        runSoon();
        Map<String, String> test = subjects();
        List<String> bReaders = test.entrySet().stream().filter(e -> e.getValue().equals("Subject B")).map(Map.Entry::getKey).limit(2).toList();
        bReaders.forEach(this::open);
        open(test.entrySet().stream().filter(e -> e.getValue().equals("Subject A")).findFirst().orElseThrow().getKey());

        TaskOutcome early = f.sender.run(TaskRun.of(campaign.getId(), Map.of(CampaignSender.PHASE, CampaignSender.WINNER), 1, Instant.now()));
        assertEquals(TaskOutcome.Kind.RUN_AGAIN, early.kind(), "a node woken before the window's end waits for it");
        assertEquals(get(campaign, CampaignTypes.CAMPAIGN).get("testEndsAt"), early.at());
        assertEquals(8, subjects().size(), "and sends nothing yet");
        assertEquals(CampaignTypes.TESTING, get(campaign, CampaignTypes.CAMPAIGN).get("status"));

        f.clock.move(WINDOW.plusMinutes(1));
        runSoon();

        Map<String, String> all = subjects();
        assertEquals(20, all.size(), "everyone got exactly one message (a second one fails the fixture's check)");
        assertEquals(12 + 4, all.values().stream().filter("Subject B"::equals).count(), "B (2 of 4 opened) beat A (1 of 4) and went to the 12 others");
        Record sent = get(campaign, CampaignTypes.CAMPAIGN);
        assertEquals(CampaignTypes.SENT, sent.get("status"));
        Map<String, Object> report = f.abTests.report(Actor.system(), campaign.getId());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variants = (List<Map<String, Object>>) report.get("variants");
        assertEquals(List.of("Subject A", "Subject B"), variants.stream().map(v -> v.get("name")).toList());
        assertEquals(List.of(false, true), variants.stream().map(v -> v.get("winner")).toList());
        assertEquals(List.of(0.25, 0.5), variants.stream().map(v -> v.get("openRate")).toList(), "over the test share only");
        assertEquals(List.of(4L, 4L), variants.stream().map(v -> v.get("sent")).toList());
        assertEquals(variants.get(1).get("id"), report.get("winner"));
        assertEquals(0L, report.get("held"));
        assertEquals(20L, f.campaigns.stats(Actor.system(), campaign.getId()).get("sent"));
    }

    @Test
    void inManualModeTheMarketerPicksTheWinnerOnceAndOnlyAVariantOfTheCampaign() {
        Record campaign = abCampaign(25, "Manual", "Subject A", "Subject B", "Subject C");
        Record other = abCampaign(25, "Manual", "Other A", "Other B");
        RestException tooEarly = assertThrows(RestException.class, () -> f.abTests.pick(Actor.system(), campaign.getId(), "x"));
        assertEquals(409, tooEarly.getStatus(), "not sent yet");
        f.campaigns.send(Actor.system(), campaign.getId());
        runSoon();
        assertEquals(5, subjects().size(), "25% of 20, split 2/2/1");
        f.clock.move(WINDOW.multipliedBy(3));
        runSoon();
        assertEquals(5, subjects().size(), "no automatic choice: the campaign waits for the marketer");
        assertEquals(CampaignTypes.TESTING, get(campaign, CampaignTypes.CAMPAIGN).get("status"));

        for (String wrong : new String[] {null, "no-such-variant", f.abTests.variants(other.getId()).get(0).getId()}) {
            RestException refused = assertThrows(RestException.class, () -> f.abTests.pick(Actor.system(), campaign.getId(), wrong));
            assertEquals(422, refused.getStatus());
            assertEquals("variantId", refused.getParameter());
        }
        Record c = f.abTests.variants(campaign.getId()).get(2);
        assertEquals(CampaignTypes.SENDING, f.abTests.pick(Actor.system(), campaign.getId(), c.getId()).get("status"));
        RestException twice = assertThrows(RestException.class, () -> f.abTests.pick(Actor.system(), campaign.getId(), c.getId()));
        assertEquals(409, twice.getStatus());
        assertEquals("status", twice.getParameter());
        runSoon();

        Map<String, String> all = subjects();
        assertEquals(20, all.size());
        assertEquals(15 + 1, all.values().stream().filter("Subject C"::equals).count(), "C had one test recipient, then the 15 others");
        assertEquals(CampaignTypes.SENT, get(campaign, CampaignTypes.CAMPAIGN).get("status"));
        assertEquals(true, get(c, CampaignTypes.VARIANT).get("winner"));
    }

    @Test
    void aNodeDyingInTheTestShareAndInTheRestMailsNobodyTwiceAndForgetsNobody() {
        Record campaign = abCampaign(50, "Automatic", "Subject A", "Subject B");
        f.crashAfter.set(4); // dies on the fifth message of the test share
        f.campaigns.send(Actor.system(), campaign.getId());
        runSoon();
        assertTrue(f.crashAfter.get() < 0, "the node died once");
        assertEquals(10, subjects().size());

        f.crashAfter.set(3); // and again in the rest
        f.clock.move(WINDOW);
        runSoon();

        assertTrue(f.crashAfter.get() < 0);
        assertEquals(20, subjects().size(), "each of the twenty exactly once");
        assertEquals(CampaignTypes.SENT, get(campaign, CampaignTypes.CAMPAIGN).get("status"));
        for (Record p : people) {
            assertEquals("Queued", f.row(campaign.getId(), p.getId()));
        }
        assertEquals(15, subjects().values().stream().filter("Subject A"::equals).count(), "no opens: a tie, the first variant wins");
    }

    @Test
    void anAbCampaignIsCheckedBeforeItGoesNamingTheField() {
        Record one = abCampaign(20, "Automatic", "Only");
        assertEquals("variants", refusal(one));
        Record noShare = abCampaign(20, "Automatic", "A", "B");
        f.core.records.update(Actor.system(), CampaignTypes.CAMPAIGN, noShare.getId(), noShare.getVersion(), cleared("testShare"));
        assertEquals("testShare", refusal(noShare));
        Record noWindow = abCampaign(20, "Automatic", "A", "B");
        f.core.records.update(Actor.system(), CampaignTypes.CAMPAIGN, noWindow.getId(), noWindow.getVersion(), cleared("testWindow"));
        assertEquals("testWindow", refusal(noWindow));

        Actor mia = f.core.user("mia", Set.of("marketing"), Set.of());
        Map<String, Object> badShare = new HashMap<>(Map.of("name", "Bad", "testShare", 150));
        assertEquals("testShare", assertThrows(ValidationException.class, () -> f.core.records.create(mia, CampaignTypes.CAMPAIGN, badShare))
                .getErrors().get(0).field());
        Map<String, Object> badWindow = new HashMap<>(Map.of("name", "Bad", "testWindow", "four hours"));
        assertEquals("testWindow", assertThrows(ValidationException.class, () -> f.core.records.create(mia, CampaignTypes.CAMPAIGN, badWindow))
                .getErrors().get(0).field());
        Record draft = f.core.records.create(mia, CampaignTypes.CAMPAIGN, Map.of("name", "Good"));
        Map<String, Object> unknownTemplate = Map.of("campaign", draft.getId(), "name", "A", "template", "no-such-template");
        assertEquals("template", assertThrows(ValidationException.class, () -> f.core.records.create(mia, CampaignTypes.VARIANT, unknownTemplate))
                .getErrors().get(0).field());
    }

    @Test
    void variantsStayAsTheyWentOutAndTheWinnerIsNeverSetByHand() {
        Actor mia = f.core.user("mia", Set.of("marketing"), Set.of());
        Record campaign = f.core.records.create(mia, CampaignTypes.CAMPAIGN, Map.of("name", "Mia's test", "segments", segment.getId(),
                "testShare", 50, "testWindow", "PT2H"));
        String template = f.core.records.create(Actor.system(), MailService.TEMPLATE_TYPE, Map.of("name", "T", "textBody", "T")).getId();
        Record a = f.core.records.create(mia, CampaignTypes.VARIANT, Map.of("campaign", campaign.getId(), "name", "A", "template", template));
        f.core.records.create(mia, CampaignTypes.VARIANT, Map.of("campaign", campaign.getId(), "name", "B", "template", template));
        assertEquals("winner", assertThrows(ValidationException.class,
                () -> f.core.records.update(mia, CampaignTypes.VARIANT, a.getId(), a.getVersion(), Map.of("winner", true))).getErrors().get(0).field());

        f.campaigns.send(mia, campaign.getId());
        runSoon();
        Record sentA = get(a, CampaignTypes.VARIANT);
        assertEquals("campaign", assertThrows(ValidationException.class,
                () -> f.core.records.update(mia, CampaignTypes.VARIANT, a.getId(), sentA.getVersion(), Map.of("name", "A2"))).getErrors().get(0).field());
        assertEquals("campaign", assertThrows(ValidationException.class, () -> f.core.records.create(mia, CampaignTypes.VARIANT,
                Map.of("campaign", campaign.getId(), "name", "C", "template", template))).getErrors().get(0).field());
        Record testing = get(campaign, CampaignTypes.CAMPAIGN);
        assertEquals("testShare", assertThrows(ValidationException.class, () -> f.core.records.update(mia, CampaignTypes.CAMPAIGN,
                campaign.getId(), testing.getVersion(), Map.of("testShare", 10))).getErrors().get(0).field());
        assertEquals(CampaignTypes.SENDING, f.abTests.pick(mia, campaign.getId(), a.getId()).get("status"), "mia may choose");
    }

    private static Map<String, Object> cleared(String field) {
        Map<String, Object> changes = new HashMap<>();
        changes.put(field, null);
        return changes;
    }

    private String refusal(Record campaign) {
        RestException e = assertThrows(RestException.class, () -> f.campaigns.send(Actor.system(), campaign.getId()));
        assertEquals(422, e.getStatus());
        return e.getParameter();
    }
}
