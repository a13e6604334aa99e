package org.rapportcrm.service.internal.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.ServiceTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts cases into queues and gives them to agents, in the transaction that writes the case, so a case is never
 * saved half-routed and a rollback undoes the routing with it.
 * <ul>
 * <li>A new case without a queue goes to the queue of the first active assignment rule, by order, whose filter it
 * matches (the lists' filter language, on the case's fields: {@code category eq 'Billing' and accountTier eq 'Gold'}).</li>
 * <li>A case that is created in a queue, or moved to another, goes to an agent of that queue by its routing
 * ({@link Routing}); the members are the queue's users and the active members of its teams, each with the skills,
 * capacity and availability of their agent profile (none: no skills, no limit, available).</li>
 * </ul>
 * The round-robin position is kept on the queue with its version, so concurrent cases never both get the same agent:
 * the second finds the version moved on, reads the queue again and takes the next agent.
 */
public final class CaseRouting {
    private static final Logger LOG = LoggerFactory.getLogger(CaseRouting.class);
    private static final int ATTEMPTS = 10;

    private final RecordService records;
    private final UserService users;
    private final RecordFilters filters;

    public CaseRouting(RecordService records, UserService users, RecordFilters filters) {
        this.records = records;
        this.users = users;
        this.filters = filters;
    }

    /** The queue of the first matching assignment rule, if any. */
    public Optional<String> queueFor(Map<String, Object> caseValues) {
        List<Record> rules = records.all(Actor.system(), Query.of(ServiceTypes.ASSIGNMENT_RULE).where(Filter.eq("active", true))
                .sortBy("position", false).limit(Query.MAX_LIMIT));
        for (Record rule : rules) {
            String filter = (String) rule.get("filter");
            if (filter == null || filter.isBlank() || filters.compile(ServiceTypes.CASE, filter).test(caseValues, Map.of())) {
                return Optional.of((String) rule.get("queue"));
            }
        }
        return Optional.empty();
    }

    /** Gives the case to an agent of its queue, if the queue routes and someone has room. */
    public void assign(Record caseRecord) {
        String queueId = (String) caseRecord.get("queue");
        if (queueId == null) {
            return;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Optional<String> agent = choose(queueId, caseRecord);
                agent.filter(a -> !a.equals(caseRecord.getOwner())).ifPresent(a -> records.update(Actor.system(), ServiceTypes.CASE,
                        caseRecord.getId(), caseRecord.getVersion(), Map.of(SystemFields.OWNER, a)));
                return;
            } catch (StaleVersionException e) {
                LOG.debug("Queue {} moved on meanwhile (attempt {})", queueId, attempt);
            }
        }
        LOG.warn("Case {} left with its owner: queue {} kept changing under {} attempts", caseRecord.getId(), queueId, ATTEMPTS);
    }

    private Optional<String> choose(String queueId, Record caseRecord) {
        // Queues found not to route are not read again in the transaction (an import's batch into a manual queue).
        Set<String> notRouting = records.transactionState(this, HashSet::new);
        if (notRouting.contains(queueId)) {
            return Optional.empty();
        }
        Record queue;
        try {
            queue = records.get(Actor.system(), ServiceTypes.QUEUE, queueId);
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        }
        String routing = (String) queue.get("routing");
        if (Boolean.FALSE.equals(queue.get("active")) || ServiceTypes.MANUAL.equals(routing)) {
            notRouting.add(queueId);
            return Optional.empty();
        }
        List<Agent> agents = agents(queueId);
        Set<String> wanted = new LinkedHashSet<>();
        for (String field : List.of("category", "language")) {
            if (caseRecord.get(field) != null) {
                wanted.add(caseRecord.get(field).toString().trim().toLowerCase(Locale.ROOT));
            }
        }
        Optional<String> chosen = Routing.choose(routing, agents, (String) queue.get("lastAssignedUser"), wanted);
        if (chosen.isPresent() && ServiceTypes.ROUND_ROBIN.equals(routing)) {
            records.update(Actor.system(), ServiceTypes.QUEUE, queueId, queue.getVersion(), Map.of("lastAssignedUser", chosen.get()));
        }
        return chosen;
    }

    /** The queue's members with their profiles and open cases; inactive users and unavailable agents left out. */
    List<Agent> agents(String queueId) {
        List<Record> members = records.all(Actor.system(), Query.of(ServiceTypes.QUEUE_MEMBER).where(Filter.eq("queue", queueId)).limit(Query.MAX_LIMIT));
        if (members.isEmpty()) {
            return List.of();
        }
        List<User> active = users.users(Actor.system()).stream().filter(User::active).filter(u -> u.accountId() == null).toList();
        Set<String> userIds = new LinkedHashSet<>();
        for (Record member : members) {
            String user = (String) member.get("user");
            String team = (String) member.get("team");
            active.stream().filter(u -> u.id().equals(user) || team != null && u.teamIds().contains(team)).forEach(u -> userIds.add(u.id()));
        }
        if (userIds.isEmpty()) {
            return List.of();
        }
        Map<String, Record> profiles = new HashMap<>();
        records.forEach(Actor.system(), Query.of(ServiceTypes.AGENT_PROFILE).where(Filter.in("user", List.copyOf(userIds))).limit(Query.MAX_LIMIT),
                p -> profiles.put((String) p.get("user"), p));
        return userIds.stream().map(id -> {
            Record profile = profiles.get(id);
            if (profile != null && Boolean.FALSE.equals(profile.get("available"))) {
                return null;
            }
            Set<String> skills = profile == null || profile.get("skills") == null ? Set.of()
                    : java.util.Arrays.stream(((String) profile.get("skills")).split(","))
                            .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
            Long capacity = profile == null ? null : (Long) profile.get("capacity");
            long open = records.count(Actor.system(), ServiceTypes.CASE, Filter.and(Filter.eq(SystemFields.OWNER, id),
                    Filter.ne("status", Cases.RESOLVED), Filter.ne("status", Cases.CLOSED)));
            return new Agent(id, skills, capacity, open);
        }).filter(java.util.Objects::nonNull).toList();
    }
}
