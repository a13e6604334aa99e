package org.rapportcrm.prm.internal.scorecard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;

/**
 * A partner's scorecard, counted by aggregate queries (never by reading the deals): pipeline (open opportunities given
 * to the partner), win rate (won of closed), deal registration conversion (approved registrations whose protected
 * opportunity was won), and the return on its market development funds: leads and won revenue of the leads and
 * opportunities funded by its requests, against what was paid out. Amounts are added as stored: one currency is
 * assumed, as the sales figures do before conversion. Whoever may read the partner account reads its scorecard, so a
 * partner's users see their own only.
 */
@Component(service = PartnerScorecards.class)
public class PartnerScorecards {
    /** Partners listed at most on the channel manager's overview. */
    static final int MAX_PARTNERS = 200;
    private static final String FUNDED_BY = "mdfRequest";
    private final RecordService records;

    @Activate
    public PartnerScorecards(@Reference RecordService records) {
        this.records = records;
    }

    /** The scorecard of one partner account the actor may read. */
    public Map<String, Object> scorecard(Actor actor, String accountId) {
        Record partner = records.get(actor, "account", accountId);
        if (!Boolean.TRUE.equals(partner.get(Partners.IS_PARTNER))) {
            throw new RecordNotFoundException("partnerScorecard", accountId);
        }
        return figures(partner, wonStages());
    }

    /** The scorecards of the partners the actor may read, by name. */
    public List<Map<String, Object>> scorecards(Actor actor) {
        List<String> won = wonStages();
        return records.query(actor, Query.of("account").where(Filter.eq(Partners.IS_PARTNER, true)).sortBy("name", false).limit(MAX_PARTNERS))
                .items().stream().map(partner -> figures(partner, won)).toList();
    }

    private Map<String, Object> figures(Record partner, List<String> wonStages) {
        Filter given = Filter.eq(Partners.PARTNER_ACCOUNT, partner.getId());
        Filter closed = Filter.isNotEmpty("closedAt");
        // Without a stage whose outcome is won (no sales process set up), nothing counts as won.
        Filter won = Filter.and(closed, Filter.in("stage", wonStages.isEmpty() ? List.of("") : wonStages));

        Map<String, Object> card = new LinkedHashMap<>();
        card.put("partnerAccount", partner.getId());
        card.put("partnerName", partner.get("name"));
        card.put("pipeline", sum("opportunity", "amount", Filter.and(given, Filter.isEmpty("closedAt"))));
        card.put("openOpportunities", count("opportunity", Filter.and(given, Filter.isEmpty("closedAt"))));
        long closedCount = count("opportunity", Filter.and(given, closed));
        long wonCount = count("opportunity", Filter.and(given, won));
        card.put("closedOpportunities", closedCount);
        card.put("wonOpportunities", wonCount);
        card.put("wonRevenue", sum("opportunity", "amount", Filter.and(given, won)));
        card.put("winRate", rate(wonCount, closedCount));

        long approved = count(Partners.REGISTRATION, Filter.and(given, Filter.eq("status", Partners.APPROVED)));
        long registeredWon = count("opportunity", Filter.and(given, Filter.isNotEmpty(Partners.PROTECTED_BY), won));
        card.put("approvedRegistrations", approved);
        card.put("registrationsWon", registeredWon);
        card.put("registrationConversion", rate(registeredWon, approved));

        List<String> funded = records.all(Actor.system(), Query.of("mdfRequest").where(Filter.and(given, Filter.eq("status", "Approved"))))
                .stream().map(Record::getId).toList();
        BigDecimal paid = sum("mdfClaim", "amount", Filter.and(given, Filter.eq("status", "Paid")));
        BigDecimal fundedRevenue = funded.isEmpty() ? BigDecimal.ZERO
                : sum("opportunity", "amount", Filter.and(Filter.in(FUNDED_BY, funded), won));
        card.put("mdfPaid", paid);
        card.put("mdfLeads", funded.isEmpty() ? 0L : count("lead", Filter.in(FUNDED_BY, funded)));
        card.put("mdfWonRevenue", fundedRevenue);
        card.put("mdfRoi", paid.signum() == 0 ? null : fundedRevenue.divide(paid, 2, RoundingMode.HALF_UP));
        return card;
    }

    private List<String> wonStages() {
        return records.all(Actor.system(), Query.of("salesStage").where(Filter.eq("outcome", "Won"))).stream()
                .map(s -> (String) s.get("name")).distinct().toList();
    }

    private long count(String type, Filter filter) {
        return records.count(Actor.system(), type, filter);
    }

    private BigDecimal sum(String type, String field, Filter filter) {
        BigDecimal sum = records.totals(Actor.system(), type, field, filter).sum();
        return sum == null ? BigDecimal.ZERO : sum.setScale(2, RoundingMode.HALF_UP);
    }

    /** part / whole between 0 and 1, null when there is no whole. */
    private static Double rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).doubleValue();
    }
}
