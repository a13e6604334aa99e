package org.rapportcrm.sales.internal.lead;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.sales.internal.SalesTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a new lead that nobody owns (web capture and other work of the system) an owner by the assignment rules: the
 * first active rule by position that matches the lead decides, with a fixed user or round robin among the active
 * members of a team. A lead created with an owner, which every lead a person creates has, keeps it.
 *
 * <p>Why after the write: the owner is a system field that {@code beforeWrite} cannot set, so the lead is updated with
 * its owner inside the creating transaction, and the round-robin position is kept on the rule in that same
 * transaction, with the rule's version. Two concurrent captures that read the same position both try to move the rule
 * on from the same version: the database lets the first update through and holds the second on the row until the
 * first commits, after which the second finds the version gone ({@link StaleVersionException}), reads the rule again
 * and takes the next member. So no member is handed out twice, across threads and cluster nodes alike, and nothing is
 * lost: the retry happens inside the lead's own transaction (a stale version is a plain answer, not a database error,
 * so the transaction stays usable). If the lead's transaction rolls back, so does the rule's position.
 */
@Component(service = RecordTrigger.class)
public class LeadAssignment implements RecordTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(LeadAssignment.class);
    private static final int ATTEMPTS = 10;

    private final RecordService records;
    private final UserService users;

    @Activate
    public LeadAssignment(@Reference RecordService records, @Reference UserService users) {
        this.records = records;
        this.users = users;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.LEAD);
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        Record lead = change.record();
        if (!RecordEvents.CREATED.equals(change.kind()) || lead.getOwner() != null) {
            return;
        }
        chooseOwner(lead).ifPresent(owner -> records.update(Actor.system(), SalesTypes.LEAD, lead.getId(), lead.getVersion(),
                Map.of(SystemFields.OWNER, owner)));
    }

    private Optional<String> chooseOwner(Record lead) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return decide(lead);
            } catch (StaleVersionException e) {
                LOG.debug("Assignment rule changed meanwhile (attempt {}); reading the rules again", attempt);
            }
        }
        LOG.warn("Lead {} left unassigned: its assignment rule kept changing under {} attempts", lead.getId(), ATTEMPTS);
        return Optional.empty();
    }

    private Optional<String> decide(Record lead) {
        List<AssignmentRule> rules = records.all(Actor.system(), Query.of(SalesTypes.ASSIGNMENT_RULE).sortBy("position", false).limit(Query.MAX_LIMIT)).stream()
                .map(AssignmentRule::active).flatMap(Optional::stream).toList();
        List<User> activeUsers = null;
        for (AssignmentRule rule : rules) {
            if (!rule.matches(lead) || rule.assignToUser() == null && rule.assignToTeam() == null) {
                continue;
            }
            if (activeUsers == null) {
                activeUsers = users.users(Actor.system()).stream().filter(User::active).toList();
            }
            if (rule.assignToUser() != null) {
                if (activeUsers.stream().anyMatch(u -> u.id().equals(rule.assignToUser()))) {
                    return Optional.of(rule.assignToUser());
                }
                LOG.warn("Assignment rule '{}' names {}, who is not an active user; trying the next rule", rule.name(), rule.assignToUser());
                continue;
            }
            List<String> members = activeUsers.stream().filter(u -> u.teamIds().contains(rule.assignToTeam()))
                    .map(User::id).sorted(Comparator.naturalOrder()).toList();
            if (members.isEmpty()) {
                LOG.warn("Assignment rule '{}' names team {}, which has no active members; trying the next rule", rule.name(), rule.assignToTeam());
                continue;
            }
            String next = AssignmentRule.nextInRotation(members, rule.lastAssignedUser());
            records.update(Actor.system(), SalesTypes.ASSIGNMENT_RULE, rule.id(), rule.version(), Map.of("lastAssignedUser", next));
            return Optional.of(next);
        }
        return Optional.empty();
    }
}
