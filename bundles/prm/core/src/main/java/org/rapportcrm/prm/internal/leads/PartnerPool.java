package org.rapportcrm.prm.internal.leads;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.leads.LeadRouter.Candidate;
import org.rapportcrm.prm.internal.leads.LeadRouter.History;

/**
 * The partners a lead may go to, as routing sees them: profile, tier, how many open leads each holds and what each did
 * with its earlier offers, read from the records (counts on indexed fields: about five queries per partner).
 */
final class PartnerPool {
    private final RecordService records;
    private final Clock clock;

    PartnerPool(RecordService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Every tier by id. */
    Map<String, Record> tiers() {
        return records.all(Actor.system(), Query.of(Partners.TIER).limit(Query.MAX_LIMIT)).stream().collect(Collectors.toMap(Record::getId, t -> t));
    }

    /** Partners under an agreement today, of an active tier (or none), with what routing needs to know of them. */
    List<Candidate> candidates(Map<String, Record> tiers, Set<String> had) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Candidate> candidates = new ArrayList<>();
        for (Record p : records.all(Actor.system(), Query.of("account").where(Filter.eq(Partners.IS_PARTNER, true)).limit(Query.MAX_LIMIT))) {
            Record tier = p.get(Partners.PARTNER_TIER) == null ? null : tiers.get((String) p.get(Partners.PARTNER_TIER));
            if (had.contains(p.getId()) || !underAgreement(p, today) || tier != null && Boolean.FALSE.equals(tier.get("active"))) {
                continue;
            }
            Object capacity = p.get(LeadOffers.PARTNER_CAPACITY) != null ? p.get(LeadOffers.PARTNER_CAPACITY)
                    : tier == null ? null : tier.get(LeadOffers.TIER_CAPACITY);
            Object rank = tier == null ? null : tier.get(LeadOffers.TIER_RANK);
            candidates.add(new Candidate(p.getId(), (String) p.get("name"), (String) p.get(Partners.TERRITORIES),
                    tier == null ? null : (String) tier.get("name"), rank instanceof Number n ? n.intValue() : null,
                    capacity instanceof Number n ? n.intValue() : null, holding(p.getId()), history(p.getId())));
        }
        return candidates;
    }

    private static boolean underAgreement(Record partner, LocalDate today) {
        Object start = partner.get(Partners.AGREEMENT_START);
        Object end = partner.get(Partners.AGREEMENT_END);
        return (start == null || !LocalDate.parse(start.toString()).isAfter(today)) && (end == null || !LocalDate.parse(end.toString()).isBefore(today));
    }

    private int holding(String partnerId) {
        return (int) (records.count(Actor.system(), LeadOffers.TYPE, Filter.and(Filter.eq(Partners.PARTNER_ACCOUNT, partnerId),
                Filter.eq(LeadOffers.STATUS, LeadOffers.OFFERED)))
                + records.count(Actor.system(), "lead", Filter.and(Filter.eq(Partners.PARTNER_ACCOUNT, partnerId),
                        Filter.ne("status", LeadOffers.CLOSED_LEAD_STATUSES.get(0)), Filter.ne("status", LeadOffers.CLOSED_LEAD_STATUSES.get(1)))));
    }

    private History history(String partnerId) {
        Filter mine = Filter.eq(Partners.PARTNER_ACCOUNT, partnerId);
        return new History(
                (int) records.count(Actor.system(), LeadOffers.TYPE, Filter.and(mine, Filter.isNotEmpty(LeadOffers.ACCEPTED_AT))),
                (int) records.count(Actor.system(), LeadOffers.TYPE, Filter.and(mine, Filter.eq(LeadOffers.STATUS, LeadOffers.REJECTED))),
                (int) records.count(Actor.system(), LeadOffers.TYPE, Filter.and(mine, Filter.eq(LeadOffers.EXPIRED, true))),
                (int) records.count(Actor.system(), "lead", Filter.and(mine, Filter.in("status", LeadOffers.WON_LEAD_STATUSES))));
    }
}
