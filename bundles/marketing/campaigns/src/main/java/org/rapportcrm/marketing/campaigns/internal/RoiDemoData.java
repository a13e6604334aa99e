package org.rapportcrm.marketing.campaigns.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A sent demo campaign with a funnel and a return, over the sales demo data: the <em>Autumn webinar invitation</em>
 * (cost 2,500, sent three weeks before the first of the won deals it touched closed) reached up to 200 contacts with an e-mail address, the contacts of the accounts of
 * won deals first; about half opened it and a fifth clicked, the won deals' contacts among them; a few bounced; and
 * six leads came from it. The same for the same data (a fixed seed).
 */
final class RoiDemoData {
    static final String NAME = "Autumn webinar invitation";
    private static final int RECIPIENTS = 200;
    private final RecordService records;
    private final RecipientStore store;

    RoiDemoData(RecordService records, RecipientStore store) {
        this.records = records;
        this.store = store;
    }

    void generate(String templateId, String segmentId, Instant now) {
        Random random = new Random(15);
        Map<String, Object> values = new HashMap<>(Map.of("name", NAME, "template", templateId, "segments", segmentId,
                "cost", new Money(new BigDecimal("2500"), "EUR"), "description",
                "Sent before the demo data's deals closed: its funnel and return are on its page (Funnel and ROI)."));
        Set<String> buyers = new LinkedHashSet<>();
        Instant firstClose = now;
        List<String> won = records.all(Actor.system(), Query.of("salesStage").where(Filter.eq("outcome", "Won")).limit(Query.MAX_LIMIT)).stream()
                .map(s -> String.valueOf(s.get("name"))).distinct().toList();
        if (!won.isEmpty()) {
            for (Record deal : records.query(Actor.system(), Query.of("opportunity").where(Filter.and(Filter.in("stage", won),
                    Filter.isNotEmpty("contact"))).limit(40)).items()) {
                buyers.add(deal.get("contact").toString());
                if (deal.get("closedAt") instanceof Instant closed && closed.isBefore(firstClose)) {
                    firstClose = closed;
                }
            }
        }
        // Sent three weeks before the first of those deals closed, so its opens and clicks came before every close.
        Instant sentAt = firstClose.minus(Duration.ofDays(21));
        Record campaign = records.create(Actor.system(), CampaignTypes.CAMPAIGN, values);
        // The status, send time and counts are the send's: set as a finished send sets them.
        campaign = records.update(Actor.system(), CampaignTypes.CAMPAIGN, campaign.getId(), campaign.getVersion(),
                Map.of("status", CampaignTypes.SENT, "sentAt", sentAt));
        Map<String, String> emails = new HashMap<>();
        for (Record c : records.query(Actor.system(), Query.of("contact").where(Filter.isNotEmpty("email")).limit(Query.MAX_LIMIT)).items()) {
            emails.put(c.getId(), String.valueOf(c.get("email")));
        }
        List<String> recipients = new ArrayList<>(buyers.stream().filter(emails::containsKey).toList());
        emails.keySet().stream().sorted().filter(id -> !buyers.contains(id)).limit(Math.max(0, RECIPIENTS - recipients.size())).forEach(recipients::add);
        List<RecipientStore.Recipient> rows = new ArrayList<>();
        for (String id : recipients) {
            boolean bounced = !buyers.contains(id) && random.nextInt(100) < 4;
            rows.add(new RecipientStore.Recipient(campaign.getId(), id, emails.get(id), bounced ? RecipientStore.BOUNCED : RecipientStore.QUEUED,
                    bounced ? RecipientStore.HARD_BOUNCE : null, null));
        }
        store.insert(campaign.getId(), rows);
        for (RecipientStore.Recipient r : rows) {
            boolean buyer = buyers.contains(r.contactId());
            if (RecipientStore.BOUNCED.equals(r.state()) || !buyer && random.nextInt(100) >= 45) {
                continue;
            }
            Instant opened = sentAt.plus(Duration.ofMinutes(30 + random.nextInt(3 * 24 * 60)));
            store.respond(campaign.getId(), r.contactId(), RecipientStore.OPENED, null, opened);
            if (buyer || random.nextInt(100) < 40) {
                store.respond(campaign.getId(), r.contactId(), RecipientStore.CLICKED, "https://example.com/webinar", opened.plusSeconds(90));
            }
        }
        records.update(Actor.system(), CampaignTypes.CAMPAIGN, campaign.getId(), campaign.getVersion(), Map.of("recipients", (long) rows.size()));
        for (Record lead : records.query(Actor.system(), Query.of("lead").where(Filter.and(Filter.isEmpty(CampaignTypes.SOURCE_CAMPAIGN),
                Filter.isEmpty("convertedAt"))).limit(6)).items()) {
            records.update(Actor.system(), "lead", lead.getId(), lead.getVersion(), Map.of(CampaignTypes.SOURCE_CAMPAIGN, campaign.getId()));
        }
    }
}
