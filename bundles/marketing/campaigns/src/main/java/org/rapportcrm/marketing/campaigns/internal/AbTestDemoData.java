package org.rapportcrm.marketing.campaigns.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A finished demo A/B test, <em>Spring offer A/B</em>, ten days ago: a plain and a personal subject line, each to half
 * of a test share of a fifth of up to 100 contacts with an e-mail address; the personal one was opened more often, won
 * when the four-hour window ended and went to the rest. Written as the send writes it (outbox rows split and released
 * by {@link AbTestStore}, queued, then opens and clicks); the same for the same data (a fixed seed).
 */
final class AbTestDemoData {
    static final String NAME = "Spring offer A/B";
    private static final int RECIPIENTS = 100;
    private static final int TEST_SHARE = 20;
    private static final Duration WINDOW = Duration.ofHours(4);
    private final RecordService records;
    private final RecipientStore store;
    private final AbTestStore split;

    AbTestDemoData(RecordService records, RecipientStore store, AbTestStore split) {
        this.records = records;
        this.store = store;
        this.split = split;
    }

    void generate(String segmentId, Instant now) {
        Random random = new Random(22);
        Actor system = Actor.system();
        String plain = template("Spring offer: plain subject", "Our spring offer is here");
        String personal = template("Spring offer: personal subject", "{{ record.firstName | default('Hello') }}, 20% off for you this spring");
        Instant sentAt = now.minus(Duration.ofDays(10));
        Record campaign = records.create(system, CampaignTypes.CAMPAIGN, Map.of("name", NAME, "segments", segmentId, "testShare", TEST_SHARE,
                "testWindow", "PT4H", "winnerMetric", CampaignTypes.OPENS, "winnerMode", CampaignTypes.AUTOMATIC, "description",
                "A finished A/B test of two subject lines: its variants, their open and click rates and the winner are on its page."));
        String id = campaign.getId();
        Record a = records.create(system, CampaignTypes.VARIANT, Map.of("campaign", id, "name", "A: plain subject", "template", plain));
        Record b = records.create(system, CampaignTypes.VARIANT, Map.of("campaign", id, "name", "B: personal subject", "template", personal));

        List<RecipientStore.Recipient> rows = new ArrayList<>();
        for (Record c : records.query(system, Query.of("contact").where(Filter.isNotEmpty("email")).limit(RECIPIENTS)).items()) {
            rows.add(new RecipientStore.Recipient(id, c.getId(), String.valueOf(c.get("email")), RecipientStore.HELD, null, null));
        }
        store.insert(id, rows);
        List<String> test = split.held(id, rows.size() * TEST_SHARE / 100);
        Map<String, String> variants = new LinkedHashMap<>();
        for (int i = 0; i < test.size(); i++) {
            variants.put(test.get(i), i % 2 == 0 ? a.getId() : b.getId());
        }
        split.assignTest(id, variants);
        queue(id, test, sentAt);
        for (Map.Entry<String, String> e : variants.entrySet()) {
            respond(id, e.getKey(), sentAt, random, e.getValue().equals(b.getId()) ? 60 : 30, 15);
        }

        records.update(system, CampaignTypes.VARIANT, b.getId(), b.getVersion(), Map.of("winner", true));
        split.release(id, b.getId());
        Instant testEndsAt = sentAt.plus(WINDOW);
        List<String> rest = rows.stream().map(RecipientStore.Recipient::contactId).filter(c -> !variants.containsKey(c)).toList();
        queue(id, rest, testEndsAt);
        for (String contact : rest) {
            respond(id, contact, testEndsAt, random, 55, 20);
        }
        records.update(system, CampaignTypes.CAMPAIGN, id, campaign.getVersion(), Map.of("status", CampaignTypes.SENT, "sentAt", sentAt,
                "testEndsAt", testEndsAt, "recipients", (long) rows.size()));
    }

    private String template(String name, String subject) {
        return records.create(Actor.system(), MailService.TEMPLATE_TYPE, Map.of("name", name, "recordType", "contact", "subject", subject,
                "htmlBody", "<html><body><p>Dear {{ record.firstName | default('customer') }},</p><p>Spring is here: "
                        + "<a href=\"https://example.com/spring\">20% off everything</a> until the end of the month.</p></body></html>",
                "textBody", "Dear {{ record.firstName | default('customer') }},\n\nSpring is here: 20% off everything until the end of the month: "
                        + "https://example.com/spring\n")).getId();
    }

    /** The pending rows' messages handed to the mail queue at {@code at}, as the send notes them. */
    private void queue(String campaignId, List<String> contacts, Instant at) {
        List<RecipientStore.Queued> queued = new ArrayList<>();
        RecipientTokens tokens = new RecipientTokens();
        for (String contact : contacts) {
            queued.add(new RecipientStore.Queued(contact, RecipientTokens.hash(tokens.fresh()), "<demo-" + campaignId + "-" + contact + "@rapport.demo>"));
        }
        store.markQueued(campaignId, queued, at);
    }

    private void respond(String campaignId, String contact, Instant sent, Random random, int opensPercent, int clicksPercent) {
        if (random.nextInt(100) >= opensPercent) {
            return;
        }
        Instant opened = sent.plus(Duration.ofMinutes(5 + random.nextInt(200)));
        store.respond(campaignId, contact, RecipientStore.OPENED, null, opened);
        if (random.nextInt(100) < clicksPercent * 100 / opensPercent) {
            store.respond(campaignId, contact, RecipientStore.CLICKED, "https://example.com/spring", opened.plusSeconds(40));
        }
    }
}
