package org.rapportcrm.prm.internal.leads;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.notification.NotificationService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.leads.LeadRouter.Candidate;
import org.rapportcrm.prm.internal.leads.LeadRouter.Choice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lead distribution: offers a lead to the best partner ({@link LeadRouter}), one offer at a time, each with a time to
 * answer; the partner accepts (the lead is then given to its account, which shares it) or rejects with a reason; an
 * offer not answered in time is recalled by a task on the clustered scheduler, and a rejected or recalled lead goes to
 * the next best partner that has not had it, or stays with its internal owner when none is left. Every step is one
 * transaction with the task it sets or cancels; the channel managers (and, when no partner is left, the lead's owner)
 * are told afterwards when the collaboration capability is there.
 */
@Component(service = LeadDistribution.class, configurationPid = LeadDistribution.PID)
@Designate(ocd = LeadDistribution.Config.class)
public class LeadDistribution {
    public static final String PID = "org.rapportcrm.prm.leads";
    static final String DEADLINE_TASK = "prm.lead-offer-deadline";
    static final String NOTIFICATION_KIND = "prm.lead-distribution";
    /** Fired on the finished offer when a partner rejected a lead or let the offer run out, for workflow rules. */
    static final String UNANSWERED_TRIGGER = "prm.lead-offer-declined";
    private static final Logger LOG = LoggerFactory.getLogger(LeadDistribution.class);

    @ObjectClassDefinition(name = "Rapport PRM lead distribution", description = "How leads are offered to partners")
    public @interface Config {
        @AttributeDefinition(description = "Hours a partner has to accept or reject a lead offer, unless its tier says otherwise "
                + "(fractions allowed)")
        double acceptanceHours() default 48;

        @AttributeDefinition(description = "Lead sources whose new leads are offered to partners at once (for example 'Web form'); "
                + "empty: only leads a channel manager distributes")
        String[] autoDistributeSources() default {};
    }

    /** A step that recalled, rejected or re-routed an offer: what to tell the channel managers after the commit. */
    record Routed(Record offer, Record next, Record lead) {
    }

    private final RecordService records;
    private final TaskScheduler scheduler;
    private final RoleService roles;
    private final UserService users;
    private final Clock clock;
    private final Config config;
    private final PartnerPool partners;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile NotificationService notifications;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AutomationEvents automation;

    @Activate
    public LeadDistribution(@Reference RecordService records, @Reference TaskScheduler scheduler, @Reference RoleService roles,
            @Reference UserService users, Config config) {
        this(records, scheduler, roles, users, config, Clock.systemUTC(), null);
    }

    LeadDistribution(RecordService records, TaskScheduler scheduler, RoleService roles, UserService users, Config config, Clock clock,
            NotificationService notifications) {
        this.records = records;
        this.scheduler = scheduler;
        this.roles = roles;
        this.users = users;
        this.config = config;
        this.clock = clock;
        this.notifications = notifications;
        this.partners = new PartnerPool(records, clock);
    }

    boolean routesAutomatically(Object source) {
        return source != null && Stream.of(config.autoDistributeSources()).anyMatch(s -> s.trim().equalsIgnoreCase(source.toString()));
    }

    /** A channel manager sends a lead to the partner channel: it is offered to the best partner now. */
    public Record distribute(Actor actor, String leadId) {
        requireChannelManager(actor);
        return records.inTransaction(() -> {
            Record lead = records.get(actor, "lead", leadId);
            Record offer = offerIfFree(lead).orElseThrow(() -> new ValidationException("country", "noPartner",
                    "No partner covering " + (lead.get("country") == null ? "every country" : lead.get("country"))
                            + " has room for this lead, or every such partner has had it"));
            return offer;
        });
    }

    /** Routes a lead that came in through an automatic source, unless it is closed, held or offered already. */
    Optional<Record> distributeNew(String leadId) {
        return records.inTransaction(() -> {
            Record lead;
            try {
                lead = records.get(Actor.system(), "lead", leadId);
            } catch (RecordNotFoundException e) {
                return Optional.<Record>empty();
            }
            if (LeadOffers.CLOSED_LEAD_STATUSES.contains(lead.get("status")) || lead.get(Partners.PARTNER_ACCOUNT) != null
                    || !openOffers(leadId).isEmpty()) {
                return Optional.<Record>empty();
            }
            return offerNext(lead);
        });
    }

    private Optional<Record> offerIfFree(Record lead) {
        if (LeadOffers.CLOSED_LEAD_STATUSES.contains(lead.get("status"))) {
            throw new ValidationException("status", "closed", "A " + lead.get("status").toString().toLowerCase(java.util.Locale.ROOT)
                    + " lead is not distributed");
        }
        if (lead.get(Partners.PARTNER_ACCOUNT) != null) {
            throw new RestException(409, Partners.PARTNER_ACCOUNT, "The lead is held by a partner already: re-route its offer instead");
        }
        if (!openOffers(lead.getId()).isEmpty()) {
            throw new RestException(409, "lead", "The lead is offered to a partner already, waiting for an answer");
        }
        return offerNext(lead);
    }

    /**
     * Someone gave the lead to a partner, or took it from one, by hand (not through an offer): the offers follow, so a
     * partner's holdings and record stay true. Offers of other partners still open are recalled; the new holder gets an
     * accepted offer saying who gave it.
     */
    void handedOver(Actor actor, Record lead) {
        Object holder = lead.get(Partners.PARTNER_ACCOUNT);
        Instant now = clock.instant();
        boolean held = false;
        for (Record offer : offersOf(lead.getId())) {
            Object status = offer.get(LeadOffers.STATUS);
            boolean open = LeadOffers.OFFERED.equals(status) || LeadOffers.ACCEPTED.equals(status);
            if (open && holder != null && holder.equals(offer.get(Partners.PARTNER_ACCOUNT))) {
                if (LeadOffers.OFFERED.equals(status)) { // given before the partner answered: taken as its acceptance
                    update(offer, Map.of(LeadOffers.STATUS, LeadOffers.ACCEPTED, LeadOffers.ACCEPTED_AT, now, LeadOffers.RESPONDED_AT, now,
                            LeadOffers.REASON, "Given by hand by " + actor.userName()));
                    cancelDeadline(offer.getId());
                }
                held = true;
            } else if (open) {
                update(offer, Map.of(LeadOffers.STATUS, LeadOffers.RECALLED, LeadOffers.RESPONDED_AT, now, LeadOffers.REASON,
                        (holder == null ? "Taken back by " : "Given to another partner by ") + actor.userName()));
                cancelDeadline(offer.getId());
            }
        }
        if (holder != null && !held) {
            Map<String, Object> values = new HashMap<>();
            values.put(LeadOffers.LEAD, lead.getId());
            values.put(Partners.PARTNER_ACCOUNT, holder);
            values.put(LeadOffers.STATUS, LeadOffers.ACCEPTED);
            values.put(LeadOffers.OFFERED_AT, now);
            values.put(LeadOffers.ACCEPTED_AT, now);
            values.put(LeadOffers.RESPONDED_AT, now);
            values.put(LeadOffers.REASON, "Given by hand by " + actor.userName());
            values.put(LeadOffers.SUMMARY, summary(lead));
            values.put(LeadOffers.ATTEMPT, offersOf(lead.getId()).size() + 1);
            records.create(Actor.system(), LeadOffers.TYPE, values);
        }
    }

    /** The partner accepts its offer: the lead is given to its account (and so shared with it). */
    public Record accept(Actor actor, String offerId) {
        return records.inTransaction(() -> {
            Record offer = answerable(actor, offerId);
            Instant now = clock.instant();
            Record accepted = update(offer, Map.of(LeadOffers.STATUS, LeadOffers.ACCEPTED, LeadOffers.ACCEPTED_AT, now,
                    LeadOffers.RESPONDED_AT, now));
            Record lead = records.get(Actor.system(), "lead", (String) offer.get(LeadOffers.LEAD));
            records.update(Actor.system(), "lead", lead.getId(), lead.getVersion(), Map.of(Partners.PARTNER_ACCOUNT,
                    offer.get(Partners.PARTNER_ACCOUNT)));
            cancelDeadline(offerId);
            return accepted;
        });
    }

    /** The partner rejects its offer with a reason: the lead goes to the next best partner. */
    public Record reject(Actor actor, String offerId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ValidationException("reason", "required", "Tell the channel manager why you reject this lead");
        }
        Routed routed = records.inTransaction(() -> {
            Record offer = answerable(actor, offerId);
            Record rejected = update(offer, Map.of(LeadOffers.STATUS, LeadOffers.REJECTED, LeadOffers.REASON, reason.trim(),
                    LeadOffers.RESPONDED_AT, clock.instant()));
            cancelDeadline(offerId);
            return reroute(rejected);
        });
        announce(routed, partnerName(routed.offer()) + " rejected a lead (" + reason.trim() + ")");
        return routed.offer();
    }

    /** A channel manager takes an offer back (waiting or accepted) and the lead goes to the next best partner. */
    public Map<String, Object> recall(Actor actor, String offerId, String reason) {
        requireChannelManager(actor);
        Routed routed = records.inTransaction(() -> {
            Record offer = records.get(actor, LeadOffers.TYPE, offerId);
            if (!LeadOffers.OFFERED.equals(offer.get(LeadOffers.STATUS)) && !LeadOffers.ACCEPTED.equals(offer.get(LeadOffers.STATUS))) {
                throw new RestException(409, "status", "This offer was " + offer.get(LeadOffers.STATUS).toString().toLowerCase(java.util.Locale.ROOT)
                        + " already");
            }
            Record recalled = update(offer, Map.of(LeadOffers.STATUS, LeadOffers.RECALLED, LeadOffers.RESPONDED_AT, clock.instant(),
                    LeadOffers.REASON, "Re-routed by " + actor.userName() + (reason == null || reason.isBlank() ? "" : ": " + reason.trim())));
            takeLeadBack(recalled);
            cancelDeadline(offerId);
            return reroute(recalled);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("recalled", routed.offer());
        result.put("offer", routed.next());
        return result;
    }

    /**
     * The deadline of an offer has come (the scheduler's task): recalls it if still unanswered and re-routes the lead.
     *
     * @return when to look again if the deadline moved into the future; empty when done
     */
    Optional<Instant> deadlineDue(String offerId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Object outcome = records.inTransaction(() -> {
                    Record offer;
                    try {
                        offer = records.get(Actor.system(), LeadOffers.TYPE, offerId);
                    } catch (RecordNotFoundException e) {
                        return null;
                    }
                    if (!LeadOffers.OFFERED.equals(offer.get(LeadOffers.STATUS))) {
                        return null;
                    }
                    Instant respondBy = (Instant) offer.get(LeadOffers.RESPOND_BY);
                    if (respondBy != null && clock.instant().isBefore(respondBy)) {
                        return respondBy;
                    }
                    Record recalled = update(offer, Map.of(LeadOffers.STATUS, LeadOffers.RECALLED, LeadOffers.EXPIRED, true,
                            LeadOffers.RESPONDED_AT, clock.instant(), LeadOffers.REASON, "Not answered by " + respondBy));
                    return reroute(recalled);
                });
                if (outcome instanceof Instant later) {
                    return Optional.of(later);
                }
                if (outcome instanceof Routed routed) {
                    announce(routed, partnerName(routed.offer()) + " did not answer a lead offer in time");
                }
                return Optional.empty();
            } catch (StaleVersionException e) {
                // answered this very moment: look again
            }
        }
        return Optional.of(clock.instant().plusSeconds(5));
    }

    /** Offers the lead of a finished offer to the next partner that has not had it; none left: it stays with its owner. */
    private Routed reroute(Record finished) {
        Record lead = records.get(Actor.system(), "lead", (String) finished.get(LeadOffers.LEAD));
        Record next = LeadOffers.CLOSED_LEAD_STATUSES.contains(lead.get("status")) ? null : offerNext(lead).orElse(null);
        return new Routed(finished, next, lead);
    }

    private Optional<Record> offerNext(Record lead) {
        List<Record> earlier = offersOf(lead.getId());
        Set<String> had = earlier.stream().map(o -> (String) o.get(Partners.PARTNER_ACCOUNT)).collect(Collectors.toSet());
        Map<String, Record> tiers = partners.tiers();
        Optional<Choice> choice = LeadRouter.best((String) lead.get("country"), had, partners.candidates(tiers, had));
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        Candidate partner = choice.get().partner();
        Record tier = partner.tierName() == null ? null : tiers.values().stream().filter(t -> partner.tierName().equals(t.get("name")))
                .findFirst().orElse(null);
        Instant now = clock.instant();
        Instant respondBy = now.plus(acceptanceTime(tier));
        Map<String, Object> values = new HashMap<>();
        values.put(LeadOffers.LEAD, lead.getId());
        values.put(Partners.PARTNER_ACCOUNT, partner.accountId());
        values.put(LeadOffers.STATUS, LeadOffers.OFFERED);
        values.put(LeadOffers.OFFERED_AT, now);
        values.put(LeadOffers.RESPOND_BY, respondBy);
        values.put(LeadOffers.SCORE, BigDecimal.valueOf(choice.get().score()));
        values.put(LeadOffers.SCORE_BREAKDOWN, choice.get().breakdown());
        values.put(LeadOffers.SUMMARY, summary(lead));
        values.put(LeadOffers.ATTEMPT, earlier.size() + 1);
        Record offer = records.create(Actor.system(), LeadOffers.TYPE, values);
        scheduler.schedule(DEADLINE_TASK, offer.getId(), respondBy, Map.of("offer", offer.getId()));
        return Optional.of(offer);
    }

    private Duration acceptanceTime(Record tier) {
        Object hours = tier == null ? null : tier.get(LeadOffers.TIER_ACCEPTANCE_HOURS);
        if (hours instanceof Number n) {
            return Duration.ofHours(n.longValue());
        }
        return Duration.ofMillis(Math.max(1000L, Math.round(config.acceptanceHours() * 3_600_000)));
    }

    /** What a partner learns of a lead before accepting it: no person, no way to reach them. */
    static String summary(Record lead) {
        String place = Stream.of(lead.get("city"), lead.get("country")).filter(Objects::nonNull).map(Object::toString)
                .collect(Collectors.joining(", "));
        String text = Stream.of(lead.get("company"), lead.get("title"), place.isEmpty() ? null : place, lead.get("source"))
                .filter(Objects::nonNull).map(Object::toString).filter(s -> !s.isBlank()).collect(Collectors.joining(" · "));
        text = text.isEmpty() ? "A lead" : text;
        return text.length() > 400 ? text.substring(0, 399) + "…" : text;
    }

    List<Record> offersOf(String leadId) {
        return records.all(Actor.system(), Query.of(LeadOffers.TYPE).where(Filter.eq(LeadOffers.LEAD, leadId)).limit(Query.MAX_LIMIT));
    }

    private List<Record> openOffers(String leadId) {
        return records.all(Actor.system(), Query.of(LeadOffers.TYPE).where(Filter.and(Filter.eq(LeadOffers.LEAD, leadId),
                Filter.eq(LeadOffers.STATUS, LeadOffers.OFFERED))).limit(Query.MAX_LIMIT));
    }

    /** An offer the actor, a user of the partner it was made to, may still answer. Another partner's offer is not found. */
    private Record answerable(Actor actor, String offerId) {
        if (!actor.isExternal()) {
            throw new AccessDeniedException("Only the partner a lead is offered to answers the offer");
        }
        Record offer = records.get(actor, LeadOffers.TYPE, offerId);
        if (!actor.accountId().equals(offer.get(Partners.PARTNER_ACCOUNT))) {
            throw new RecordNotFoundException(LeadOffers.TYPE, offerId);
        }
        String status = (String) offer.get(LeadOffers.STATUS);
        if (LeadOffers.RECALLED.equals(status)) {
            throw new RestException(409, "status", "This offer was recalled (" + offer.get(LeadOffers.REASON) + "): the lead is no longer yours to take");
        }
        if (!LeadOffers.OFFERED.equals(status)) {
            throw new RestException(409, "status", "You " + status.toLowerCase(java.util.Locale.ROOT) + " this offer already");
        }
        Instant respondBy = (Instant) offer.get(LeadOffers.RESPOND_BY);
        if (respondBy != null && !clock.instant().isBefore(respondBy)) {
            throw new RestException(409, LeadOffers.RESPOND_BY, "The time to answer this offer ended at " + respondBy);
        }
        return offer;
    }

    private Record update(Record offer, Map<String, Object> changes) {
        return records.update(Actor.system(), LeadOffers.TYPE, offer.getId(), offer.getVersion(), changes);
    }

    private void takeLeadBack(Record offer) {
        Record lead = records.get(Actor.system(), "lead", (String) offer.get(LeadOffers.LEAD));
        if (Objects.equals(lead.get(Partners.PARTNER_ACCOUNT), offer.get(Partners.PARTNER_ACCOUNT))) {
            Map<String, Object> none = new HashMap<>();
            none.put(Partners.PARTNER_ACCOUNT, null);
            records.update(Actor.system(), "lead", lead.getId(), lead.getVersion(), none);
        }
    }

    void cancelDeadline(String offerId) {
        try {
            scheduler.cancel(DEADLINE_TASK, offerId);
        } catch (TaskRunningException e) {
            // running this moment: it finds the offer answered and does nothing
        }
    }

    private void requireChannelManager(Actor actor) {
        if (actor.isExternal() || !roles.hasPermission(actor, Permission.APPROVE_DEAL_REGISTRATIONS)) {
            throw new AccessDeniedException(actor.userName() + " may not distribute leads to partners (needs the permission '"
                    + Permission.APPROVE_DEAL_REGISTRATIONS + "' of channel managers)");
        }
    }

    private String partnerName(Record offer) {
        try {
            return String.valueOf(records.get(Actor.system(), "account", (String) offer.get(Partners.PARTNER_ACCOUNT)).get("name"));
        } catch (RecordNotFoundException e) {
            return "A partner";
        }
    }

    /** Tells the channel managers where the lead went (with no partner left, its owner too), and workflow rules. */
    private void announce(Routed routed, String what) {
        AutomationEvents events = automation;
        if (events != null) {
            try {
                Map<String, Object> data = new HashMap<>();
                data.put("nextPartner", routed.next() == null ? null : routed.next().get(Partners.PARTNER_ACCOUNT));
                data.put("backToOwner", routed.next() == null);
                events.fire(UNANSWERED_TRIGGER, routed.offer(), data);
            } catch (RuntimeException e) {
                LOG.warn("Could not tell workflow rules of {}: {}", what, e.getMessage());
            }
        }
        NotificationService notify = notifications;
        if (notify == null) {
            return;
        }
        Set<String> recipients = new HashSet<>();
        try {
            for (User u : users.users(Actor.system())) {
                if (u.active() && u.accountId() == null && u.roles().contains(Partners.CHANNEL_MANAGER_ROLE)) {
                    recipients.add(u.id());
                }
            }
            String title;
            if (routed.next() != null) {
                title = what + ": offered to " + partnerName(routed.next());
            } else {
                title = what + ": no partner is left, the lead stays with its owner";
                if (routed.lead().getOwner() != null) {
                    recipients.add(routed.lead().getOwner());
                }
            }
            notify.notify(new Notification(NOTIFICATION_KIND, title, String.valueOf(routed.offer().get(LeadOffers.SUMMARY)), "lead",
                    routed.lead().getId(), null, recipients, Set.of()));
        } catch (RuntimeException e) {
            LOG.warn("Could not tell the channel managers of {}: {}", what, e.getMessage());
        }
    }
}
