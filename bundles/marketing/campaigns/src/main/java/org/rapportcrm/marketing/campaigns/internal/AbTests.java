package org.rapportcrm.marketing.campaigns.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A/B tests of campaigns: a campaign with variants ({@link CampaignTypes#VARIANT} records, each an e-mail template) is
 * sent first to a test share of its recipients, split evenly among the variants, and after the test window the winner
 * goes to the rest (see {@link AbTestRules} for the split and the winner, {@link CampaignSender} for the phases).
 *
 * <p>Why nobody is mailed twice and nobody forgotten: every recipient's outbox row is written <em>held</em>; the split
 * moves rows from held to pending with their variant, page by page, each page in one transaction and always the next
 * ones in draw order, so a rerun goes on where it stopped; the winner moves every row still held to pending with the
 * winning variant in the same transaction that records the winner and sets the campaign sending again. From there the
 * rows go out as any campaign's do, and a row leaves pending only in the transaction that queues its message.
 */
@Component(service = AbTests.class)
public class AbTests {
    private static final int PAGE = 500;
    private final RecordService records;
    private final RecipientStore store;
    private final AbTestStore split;
    private final TaskScheduler scheduler;
    private final Clock clock;

    @Activate
    public AbTests(@Reference RecordService records, @Reference RecipientStore store, @Reference AbTestStore split,
            @Reference TaskScheduler scheduler) {
        this(records, store, split, scheduler, Clock.systemUTC());
    }

    AbTests(RecordService records, RecipientStore store, AbTestStore split, TaskScheduler scheduler, Clock clock) {
        this.records = records;
        this.store = store;
        this.split = split;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** The campaign's variants in the order they were created (none: not an A/B campaign). */
    List<Record> variants(String campaignId) {
        return records.query(Actor.system(), Query.of(CampaignTypes.VARIANT).where(Filter.eq("campaign", campaignId)).limit(100)).items().stream()
                .sorted(java.util.Comparator.comparing(Record::getCreatedAt).thenComparing(Record::getId)).toList();
    }

    /** The template of each variant, by variant id. */
    Map<String, String> templates(String campaignId) {
        Map<String, String> templates = new LinkedHashMap<>();
        variants(campaignId).forEach(v -> templates.put(v.getId(), String.valueOf(v.get("template"))));
        return templates;
    }

    /**
     * Checks an A/B campaign before it is sent.
     *
     * @throws RestException 422 naming {@code variants}, {@code testShare} or {@code testWindow}
     */
    void check(Record campaign, List<Record> variants) {
        if (variants.size() < 2) {
            throw new RestException(422, "variants", "variants: an A/B test needs at least two variants (it has " + variants.size() + ")");
        }
        for (Record variant : variants) {
            try {
                records.get(Actor.system(), org.rapportcrm.platform.api.mail.MailService.TEMPLATE_TYPE, String.valueOf(variant.get("template")));
            } catch (RecordException e) {
                throw new RestException(422, "variants", "variants: variant " + variant.get("name") + " has no (known) template");
            }
        }
        Number share = (Number) campaign.get("testShare");
        if (share == null || share.intValue() < 1 || share.intValue() > 100) {
            throw new RestException(422, "testShare", "testShare: the share of recipients in the test, 1 to 100 (%)");
        }
        window(campaign);
    }

    /** The campaign's test window. @throws RestException 422 naming {@code testWindow} if it is missing or not a positive ISO-8601 duration */
    static Duration window(Record campaign) {
        Object value = campaign.get("testWindow");
        Duration window = value == null ? null : parseWindow(value.toString());
        if (window == null) {
            throw new RestException(422, "testWindow", "testWindow: how long the test runs before the winner is chosen, "
                    + "as an ISO-8601 duration such as PT4H or P1D");
        }
        return window;
    }

    /** A positive ISO-8601 duration, or null. */
    static Duration parseWindow(String text) {
        try {
            Duration d = Duration.parse(text.trim());
            return d.isNegative() || d.isZero() ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Moves the next held rows, in draw order, into the test share with their variants until it is full; each page in
     * a transaction of its own. Resumes where a crash left it (rows already in the test share count).
     */
    void split(Record campaign) {
        List<String> variantIds = variants(campaign.getId()).stream().map(Record::getId).toList();
        long assigned = split.inTest(campaign.getId());
        long held = store.stats(campaign.getId()).getOrDefault(RecipientStore.HELD, 0L);
        long size = AbTestRules.testSize(held + assigned, ((Number) campaign.get("testShare")).intValue(), variantIds.size());
        while (assigned < size) {
            long from = assigned;
            int page = (int) Math.min(PAGE, size - assigned);
            int moved = records.inTransaction(() -> {
                Map<String, String> variants = new LinkedHashMap<>();
                List<String> next = split.held(campaign.getId(), page);
                for (int i = 0; i < next.size(); i++) {
                    variants.put(next.get(i), AbTestRules.variantAt(from + i, variantIds));
                }
                split.assignTest(campaign.getId(), variants);
                return next.size();
            });
            if (moved == 0) {
                return;
            }
            assigned += moved;
        }
    }

    /** The test share is queued: the campaign waits for its winner until the window's end, which it returns. */
    Instant testSent(Record campaign) {
        Instant ends = clock.instant().plus(window(campaign));
        Record current = records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaign.getId());
        records.update(Actor.system(), CampaignTypes.CAMPAIGN, current.getId(), current.getVersion(),
                Map.of("status", CampaignTypes.TESTING, "testEndsAt", ends));
        return ends;
    }

    /** The test's figures per variant, in the order the variants were created. */
    List<AbTestRules.Figures> figures(String campaignId, List<Record> variants) {
        Map<String, Map<String, Long>> raw = split.testStats(campaignId);
        List<AbTestRules.Figures> figures = new ArrayList<>();
        for (Record v : variants) {
            Map<String, Long> f = raw.getOrDefault(v.getId(), Map.of());
            long bounced = f.getOrDefault(RecipientStore.BOUNCED, 0L);
            long sent = f.getOrDefault(RecipientStore.QUEUED, 0L) + bounced;
            figures.add(new AbTestRules.Figures(v.getId(), sent, sent - bounced, f.getOrDefault(RecipientStore.OPENED, 0L),
                    f.getOrDefault(RecipientStore.CLICKED, 0L)));
        }
        return figures;
    }

    /**
     * The automatic choice at the window's end: the winner by the campaign's metric goes to the rest.
     *
     * @return false if the window has not ended yet by this node's clock (nothing changes)
     */
    boolean decide(Record campaign) {
        Instant ends = (Instant) campaign.get("testEndsAt");
        if (ends != null && clock.instant().isBefore(ends)) {
            return false;
        }
        records.inTransaction(() -> {
            Record current = records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaign.getId());
            if (!CampaignTypes.TESTING.equals(current.get("status"))) {
                return null; // chosen by hand meanwhile
            }
            List<Record> variants = variants(campaign.getId());
            Object metric = current.get("winnerMetric");
            choose(current, AbTestRules.winner(figures(campaign.getId(), variants), metric == null ? CampaignTypes.OPENS : metric.toString()));
            return null;
        });
        return true;
    }

    /**
     * The marketer's choice ({@code POST /api/v1/campaigns/{id}/winner}), in automatic mode too (it ends the test
     * early): the variant goes to the rest now.
     *
     * @throws RestException 409 naming {@code status} unless the campaign is testing, 422 naming {@code variantId} for
     *     a variant that is not one of the campaign's
     */
    Record pick(Actor actor, String campaignId, String variantId) {
        return records.inTransaction(() -> {
            Record campaign = records.get(actor, CampaignTypes.CAMPAIGN, campaignId);
            if (!CampaignTypes.TESTING.equals(campaign.get("status"))) {
                throw new RestException(409, "status", "A winner is chosen while the campaign is Testing; it is " + campaign.get("status"));
            }
            if (variantId == null || variants(campaignId).stream().noneMatch(v -> v.getId().equals(variantId))) {
                throw new RestException(422, "variantId", "variantId: not a variant of this campaign");
            }
            // An update without changes: only who may edit the campaign may choose.
            Record checked = records.update(actor, CampaignTypes.CAMPAIGN, campaignId, campaign.getVersion(), Map.of());
            Record sending = choose(checked, variantId);
            try {
                scheduler.schedule(CampaignSender.NAME, campaignId, clock.instant(), Map.of(CampaignSender.PHASE, CampaignSender.SEND));
            } catch (TaskRunningException e) {
                throw new RestException(409, "status", "The winner is being chosen automatically at this moment");
            }
            return sending;
        });
    }

    /** Records the winner and releases every held row to it, in the caller's transaction; the campaign is sending again. */
    private Record choose(Record campaign, String variantId) {
        Record variant = records.get(Actor.system(), CampaignTypes.VARIANT, variantId);
        records.update(Actor.system(), CampaignTypes.VARIANT, variantId, variant.getVersion(), Map.of("winner", true));
        split.release(campaign.getId(), variantId);
        return records.update(Actor.system(), CampaignTypes.CAMPAIGN, campaign.getId(), campaign.getVersion(),
                Map.of("status", CampaignTypes.SENDING));
    }

    /** {@code GET /api/v1/campaigns/{id}/abtest}: the test's settings, state and figures per variant, as the caller may read them. */
    Map<String, Object> report(Actor actor, String campaignId) {
        Record campaign = records.get(actor, CampaignTypes.CAMPAIGN, campaignId);
        List<Record> variants = variants(campaignId);
        List<Map<String, Object>> rows = new ArrayList<>();
        String winner = null;
        List<AbTestRules.Figures> figures = figures(campaignId, variants);
        for (int i = 0; i < variants.size(); i++) {
            Record v = variants.get(i);
            AbTestRules.Figures f = figures.get(i);
            boolean won = Boolean.TRUE.equals(v.get("winner"));
            winner = won ? v.getId() : winner;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", v.getId());
            row.put("name", v.get("name"));
            row.put("template", v.get("template"));
            row.put("winner", won);
            row.put("sent", f.sent());
            row.put("delivered", f.delivered());
            row.put("opened", f.opened());
            row.put("clicked", f.clicked());
            row.put("openRate", f.openRate());
            row.put("clickRate", f.clickRate());
            rows.add(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", campaign.get("status"));
        report.put("testShare", campaign.get("testShare"));
        report.put("testWindow", campaign.get("testWindow"));
        report.put("winnerMetric", campaign.get("winnerMetric") == null ? CampaignTypes.OPENS : campaign.get("winnerMetric"));
        report.put("winnerMode", campaign.get("winnerMode") == null ? CampaignTypes.AUTOMATIC : campaign.get("winnerMode"));
        Object ends = campaign.get("testEndsAt");
        report.put("testEndsAt", ends == null ? null : ends.toString());
        report.put("winner", winner);
        report.put("held", store.stats(campaignId).getOrDefault(RecipientStore.HELD, 0L));
        report.put("variants", rows);
        return report;
    }
}
