package org.rapportcrm.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.service.api.Cases;

/** Cases reach the right queue by the assignment rules and the right agent by the queue's routing. */
class RoutingTest {
    private final ServiceFixture service = new ServiceFixture();
    private final Team support = service.core.users.createTeam(Actor.system(), "Support");
    private final String ann = agent("ann", true);
    private final String ben = agent("ben", true);
    private final String cat = agent("cat", false);

    private String agent(String name, boolean inTeam) {
        return service.core.user(name, Set.of("service"), inTeam ? Set.of(support.id()) : Set.of()).userId();
    }

    private Record queue(String name, String routing, String... users) {
        Record queue = service.create(ServiceTypes.QUEUE, Map.of("name", name, "routing", routing));
        service.create(ServiceTypes.QUEUE_MEMBER, Map.of("queue", queue.getId(), "team", support.id()));
        for (String user : users) {
            service.create(ServiceTypes.QUEUE_MEMBER, Map.of("queue", queue.getId(), "user", user));
        }
        return queue;
    }

    private String ownerOfNewCase(Record queue, Map<String, Object> more) {
        Map<String, Object> values = new java.util.HashMap<>(more);
        values.put("subject", "Help");
        values.put("queue", queue.getId());
        Record c = service.create(Cases.TYPE, values);
        return service.reload(c).getOwner();
    }

    @Test
    void roundRobinTakesTheQueuesMembersInTurn() {
        Record queue = queue("General", ServiceTypes.ROUND_ROBIN, cat);
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            owners.add(ownerOfNewCase(queue, Map.of()));
        }
        List<String> members = new ArrayList<>(List.of(ann, ben, cat));
        members.sort(null);
        List<String> expected = new ArrayList<>(members);
        expected.addAll(members);
        assertEquals(expected, owners);
    }

    @Test
    void leastOpenCasesGivesTheCaseToWhoeverHoldsFewest() {
        Record queue = queue("Billing", ServiceTypes.LEAST_OPEN);
        service.create(Cases.TYPE, Map.of("subject", "Ann's", "owner", ann));
        service.create(Cases.TYPE, Map.of("subject", "Ann's too", "owner", ann));
        Record bens = service.create(Cases.TYPE, Map.of("subject", "Ben's", "owner", ben));
        assertEquals(ben, ownerOfNewCase(queue, Map.of()));
        service.update(bens, Map.of("status", Cases.RESOLVED));
        service.update(service.create(Cases.TYPE, Map.of("subject", "Ben's last", "owner", ben)), Map.of("status", Cases.CLOSED));
        assertEquals(ben, ownerOfNewCase(queue, Map.of()), "resolved and closed cases are not open");
    }

    @Test
    void skillsBasedRoutingPrefersTheAgentWhoKnowsTheCategoryAndLanguage() {
        Record queue = queue("Technical", ServiceTypes.SKILLS);
        service.create(ServiceTypes.AGENT_PROFILE, Map.of("user", ann, "skills", "Billing, en"));
        service.create(ServiceTypes.AGENT_PROFILE, Map.of("user", ben, "skills", "Technical, de, en"));
        assertEquals(ben, ownerOfNewCase(queue, Map.of("category", "Technical", "language", "de")));
        assertEquals(ann, ownerOfNewCase(queue, Map.of("category", "Billing", "language", "en")));
    }

    @Test
    void anAgentAtCapacityOrAwayGetsNoMoreCases() {
        Record queue = queue("Capped", ServiceTypes.ROUND_ROBIN);
        service.create(ServiceTypes.AGENT_PROFILE, Map.of("user", ann, "capacity", 1));
        service.create(ServiceTypes.AGENT_PROFILE, Map.of("user", ben, "available", false));
        assertEquals(ann, ownerOfNewCase(queue, Map.of()));
        assertEquals(null, ownerOfNewCase(queue, Map.of()), "nobody has room: the case waits in the queue");
    }

    @Test
    void assignmentRulesPutNewCasesIntoQueuesInOrder() {
        Record vip = queue("VIP", ServiceTypes.MANUAL);
        Record billing = queue("Billing desk", ServiceTypes.MANUAL);
        Record general = queue("Everything else", ServiceTypes.MANUAL);
        service.create(ServiceTypes.ASSIGNMENT_RULE, Map.of("name", "Gold first", "position", 1, "queue", vip.getId(),
                "filter", "accountTier in ('Gold','Platinum')"));
        service.create(ServiceTypes.ASSIGNMENT_RULE, Map.of("name", "Billing", "position", 2, "queue", billing.getId(),
                "filter", "category eq 'Billing'"));
        service.create(ServiceTypes.ASSIGNMENT_RULE, Map.of("name", "Rest", "position", 3, "queue", general.getId()));
        Record gold = service.create("account", Map.of("name", "Gold GmbH", "serviceTier", "Gold"));
        assertEquals(vip.getId(), service.create(Cases.TYPE, Map.of("subject", "a", "category", "Billing", "account", gold.getId())).get("queue"));
        assertEquals(billing.getId(), service.create(Cases.TYPE, Map.of("subject", "b", "category", "Billing")).get("queue"));
        assertEquals(general.getId(), service.create(Cases.TYPE, Map.of("subject", "c", "category", "Technical")).get("queue"));
    }

    @Test
    void movingACaseToAnotherQueueRoutesItThere() {
        Record manual = queue("Inbox", ServiceTypes.MANUAL);
        Record routed = queue("Second line", ServiceTypes.ROUND_ROBIN);
        Record c = service.create(Cases.TYPE, Map.of("subject", "Escalate me", "queue", manual.getId()));
        assertEquals(null, service.reload(c).getOwner());
        service.update(c, Map.of("queue", routed.getId()));
        assertEquals(List.of(ann, ben).stream().sorted().findFirst().get(), service.reload(c).getOwner());
    }
}
