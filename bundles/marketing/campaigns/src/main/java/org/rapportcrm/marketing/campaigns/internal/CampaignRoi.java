package org.rapportcrm.marketing.campaigns.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.campaigns.internal.Attribution.Model;
import org.rapportcrm.marketing.campaigns.internal.Attribution.Touch;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A campaign's return: its cost, the leads and opportunities it sourced ({@code sourceCampaign}) and influenced, the
 * pipeline and the won revenue attributed to it under each model, the ROI, and its funnel from sent to won.
 * <p>
 * <b>Influenced</b>: an opportunity one of whose contacts (its primary {@code contact}, or any contact of its
 * {@code account}) opened or clicked the campaign no earlier than {@code attributionLookbackDays} before the
 * opportunity was created and no later than it closed (or now, while it is open). The same touches, of every campaign,
 * split a won opportunity's amount under the model ({@link Attribution}); a {@code sourceCampaign} counts as that
 * campaign touching the opportunity when it was created.
 * <p>
 * <b>Scope</b>: everything about opportunities and leads is read as the caller, through the record service: an
 * opportunity the caller may not read adds nothing to any figure (no amount, no count, no funnel step). Only the
 * links from an account to its contacts are read as the system, to find the touches (they add no amount and no
 * count the campaign's own figures do not already hold). Campaign responses are the capability's own rows.
 * <p>
 * <b>Cost</b>: the funnel's first steps are grouped counts over the outbox ({@link RecipientStore#stats}); the
 * opportunities read are only those whose window can hold one of the campaign's touches (created at most the
 * lookback after its last touch, closed after its first), then their contacts' touches in statements of a few hundred
 * contacts each: the work grows with those opportunities, not with the campaign's recipients. Amounts are added as
 * stored (one currency assumed, as the partner scorecards do).
 */
// The settings are the campaigns' (CampaignSender designates them): this reads attributionLookbackDays.
@Component(service = CampaignRoi.class, configurationPid = CampaignConfig.PID)
public class CampaignRoi {
    private static final String OPPORTUNITY = "opportunity";
    private static final String LEAD = "lead";
    private static final String SOURCE = CampaignTypes.SOURCE_CAMPAIGN;

    private final RecordService records;
    private final MetadataService metadata;
    private final RecipientStore store;
    private final TouchStore touchStore;
    private final Campaigns campaigns;
    private final Duration lookback;
    private final Clock clock;

    @Activate
    public CampaignRoi(@Reference RecordService records, @Reference MetadataService metadata, @Reference RecipientStore store,
            @Reference TouchStore touchStore, @Reference Campaigns campaigns, CampaignConfig config) {
        this(records, metadata, store, touchStore, campaigns, Duration.ofDays(Math.max(0, config.attributionLookbackDays())), Clock.systemUTC());
    }

    CampaignRoi(RecordService records, MetadataService metadata, RecipientStore store, TouchStore touchStore, Campaigns campaigns, Duration lookback,
            Clock clock) {
        this.records = records;
        this.metadata = metadata;
        this.store = store;
        this.touchStore = touchStore;
        this.campaigns = campaigns;
        this.lookback = lookback;
        this.clock = clock;
    }

    /** The return of one campaign the actor may read, with {@code model}'s revenue and ROI at the top. */
    Map<String, Object> roi(Actor actor, String campaignId, Model model) {
        Record campaign = records.get(actor, CampaignTypes.CAMPAIGN, campaignId);
        Map<String, Object> stats = campaigns.stats(actor, campaignId);
        BigDecimal cost = campaign.get("cost") == null ? null : amount(campaign.get("cost"));
        boolean sales = metadata.type(OPPORTUNITY).isPresent() && metadata.type(LEAD).isPresent();

        Map<String, Object> roi = new LinkedHashMap<>();
        roi.put("campaign", campaignId);
        roi.put("name", campaign.get("name"));
        roi.put("model", model.apiName);
        roi.put("salesInstalled", sales);
        roi.put("lookbackDays", lookback.toDays());
        roi.put("cost", cost);
        roi.put("currency", campaign.get("cost") instanceof Money money ? money.currency() : null);
        Map<String, Object> funnel = new LinkedHashMap<>();
        for (String step : List.of("sent", "delivered", "opened", "clicked")) {
            funnel.put(step, stats.get(step));
        }
        if (!sales) {
            for (String figure : List.of("leadsSourced", "leadsConverted", "opportunitiesSourced", "opportunitiesInfluenced", "pipeline",
                    "revenueWon", "roi")) {
                roi.put(figure, null);
            }
            funnel.put("converted", null);
            funnel.put("won", null);
            roi.put("funnel", funnel);
            Map<String, Object> models = new LinkedHashMap<>();
            for (Model m : Model.values()) {
                models.put(m.apiName, figures(null, cost));
            }
            roi.put("models", models);
            return roi;
        }

        Deals deals = deals(actor, campaignId);
        roi.put("leadsSourced", records.count(actor, LEAD, Filter.eq(SOURCE, campaignId)));
        roi.put("leadsConverted", records.count(actor, LEAD, Filter.and(Filter.eq(SOURCE, campaignId), Filter.isNotEmpty("convertedAt"))));
        roi.put("opportunitiesSourced", deals.sourced);
        roi.put("opportunitiesInfluenced", deals.influenced);
        roi.put("pipeline", scaled(deals.pipeline));
        roi.put("revenueWon", scaled(deals.revenue.get(model)));
        roi.put("roi", percent(deals.revenue.get(model), cost));
        funnel.put("converted", (long) deals.convertedContacts.size());
        funnel.put("won", (long) deals.wonContacts.size());
        roi.put("funnel", funnel);
        Map<String, Object> models = new LinkedHashMap<>();
        for (Model m : Model.values()) {
            models.put(m.apiName, figures(deals.revenue.get(m), cost));
        }
        roi.put("models", models);
        return roi;
    }

    /** Every campaign the actor may read, newest first (at most {@code limit}), with its cost, revenue and ROI under the model. */
    List<Map<String, Object>> overview(Actor actor, Model model, int limit) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Record campaign : records.query(actor, Query.of(CampaignTypes.CAMPAIGN).sortBy("createdAt", true).limit(limit)).items()) {
            Map<String, Object> full = roi(actor, campaign.getId(), model);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("campaign", campaign.getId());
            row.put("name", campaign.get("name"));
            row.put("status", campaign.get("status"));
            row.put("sentAt", campaign.get("sentAt"));
            for (String figure : List.of("cost", "currency", "leadsSourced", "opportunitiesSourced", "opportunitiesInfluenced", "pipeline", "revenueWon", "roi")) {
                row.put(figure, full.get(figure));
            }
            row.put("sent", ((Map<?, ?>) full.get("funnel")).get("sent"));
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> figures(BigDecimal revenue, BigDecimal cost) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("revenueWon", scaled(revenue));
        figures.put("roi", percent(revenue, cost));
        return figures;
    }

    /** What the opportunities the actor may read owe to the campaign. */
    private static final class Deals {
        long sourced;
        long influenced;
        BigDecimal pipeline = BigDecimal.ZERO;
        final Map<Model, BigDecimal> revenue = new EnumMap<>(Model.class);
        final Set<String> convertedContacts = new HashSet<>();
        final Set<String> wonContacts = new HashSet<>();

        Deals() {
            for (Model m : Model.values()) {
                revenue.put(m, BigDecimal.ZERO);
            }
        }
    }

    private Deals deals(Actor actor, String campaignId) {
        Deals deals = new Deals();
        Set<String> won = wonStages();
        Instant[] span = touchStore.touchSpan(campaignId);
        Filter sourced = Filter.eq(SOURCE, campaignId);
        Filter candidates = span == null ? sourced : Filter.or(sourced, Filter.and(
                Filter.le("createdAt", span[1].plus(lookback)), Filter.or(Filter.isEmpty("closedAt"), Filter.ge("closedAt", span[0]))));
        List<Record> opportunities = records.all(actor, Query.of(OPPORTUNITY).where(candidates).limit(Query.MAX_LIMIT));

        Map<String, Set<String>> contactsOf = contactsOf(opportunities);
        Set<String> allContacts = new HashSet<>();
        contactsOf.values().forEach(allContacts::addAll);
        Instant now = clock.instant();
        Instant from = opportunities.stream().map(o -> o.getCreatedAt().minus(lookback)).min(Instant::compareTo).orElse(now);
        Map<String, List<Touch>> touches = span == null ? Map.of() : touchStore.touches(allContacts, from, now);

        for (Record o : opportunities) {
            BigDecimal amount = amount(o.get("amount"));
            Instant closedAt = (Instant) o.get("closedAt");
            boolean isWon = closedAt != null && won.contains(String.valueOf(o.get("stage")));
            boolean isSourced = campaignId.equals(o.get(SOURCE));
            Instant windowStart = o.getCreatedAt().minus(lookback);
            Instant windowEnd = closedAt != null ? closedAt : now;
            List<Touch> dealTouches = new ArrayList<>();
            if (o.get(SOURCE) != null) {
                // The campaign that brought the deal touched it when it was made (a web form, a converted lead).
                dealTouches.add(new Touch(o.get(SOURCE).toString(), o.getCreatedAt()));
            }
            Set<String> touchedBy = new HashSet<>();
            for (String contact : contactsOf.getOrDefault(o.getId(), Set.of())) {
                for (Touch t : touches.getOrDefault(contact, List.of())) {
                    if (!t.at().isBefore(windowStart) && !t.at().isAfter(windowEnd)) {
                        dealTouches.add(t);
                        if (campaignId.equals(t.campaignId())) {
                            touchedBy.add(contact);
                        }
                    }
                }
            }
            boolean isInfluenced = !touchedBy.isEmpty();
            if (isSourced) {
                deals.sourced++;
            }
            if (isInfluenced) {
                deals.influenced++;
                deals.convertedContacts.addAll(touchedBy);
                if (isWon) {
                    deals.wonContacts.addAll(touchedBy);
                }
            }
            if ((isSourced || isInfluenced) && closedAt == null) {
                deals.pipeline = deals.pipeline.add(amount);
            }
            if (isWon) {
                for (Model m : Model.values()) {
                    deals.revenue.merge(m, amount.multiply(Attribution.share(m, dealTouches, campaignId)), BigDecimal::add);
                }
            }
        }
        return deals;
    }

    /** The contacts of each opportunity: its primary contact and its account's contacts (links read as the system). */
    private Map<String, Set<String>> contactsOf(List<Record> opportunities) {
        Map<String, Set<String>> contactsOf = new HashMap<>();
        Set<String> accounts = new HashSet<>();
        for (Record o : opportunities) {
            Set<String> contacts = contactsOf.computeIfAbsent(o.getId(), k -> new HashSet<>());
            if (o.get("contact") != null) {
                contacts.add(o.get("contact").toString());
            }
            if (o.get("account") != null) {
                accounts.add(o.get("account").toString());
            }
        }
        if (accounts.isEmpty()) {
            return contactsOf;
        }
        Map<String, Set<String>> byAccount = new HashMap<>();
        List<String> ids = List.copyOf(accounts);
        for (int i = 0; i < ids.size(); i += RecipientStore.IN_LIST) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + RecipientStore.IN_LIST));
            records.forEach(Actor.system(), Query.of("contact").where(Filter.in("account", chunk)).limit(Query.MAX_LIMIT),
                    c -> byAccount.computeIfAbsent(c.get("account").toString(), k -> new HashSet<>()).add(c.getId()));
        }
        for (Record o : opportunities) {
            if (o.get("account") != null) {
                contactsOf.get(o.getId()).addAll(byAccount.getOrDefault(o.get("account").toString(), Set.of()));
            }
        }
        return contactsOf;
    }

    private Set<String> wonStages() {
        if (metadata.type("salesStage").isEmpty()) {
            return Set.of();
        }
        Set<String> won = new HashSet<>();
        records.forEach(Actor.system(), Query.of("salesStage").where(Filter.eq("outcome", "Won")).limit(Query.MAX_LIMIT),
                s -> won.add(String.valueOf(s.get("name"))));
        return won;
    }

    private static BigDecimal amount(Object value) {
        if (value instanceof Money money) {
            return money.amount();
        }
        return value instanceof BigDecimal d ? d : value instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
    }

    private static BigDecimal scaled(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** (revenue - cost) / cost in percent, null without a cost (or without revenue figures). */
    static BigDecimal percent(BigDecimal revenue, BigDecimal cost) {
        if (revenue == null || cost == null || cost.signum() == 0) {
            return null;
        }
        return revenue.subtract(cost).multiply(BigDecimal.valueOf(100)).divide(cost, 2, RoundingMode.HALF_UP);
    }
}
