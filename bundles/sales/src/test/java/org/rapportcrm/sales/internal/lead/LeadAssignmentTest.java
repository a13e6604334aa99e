package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

class LeadAssignmentTest {
    private final SalesFixture fixture = new SalesFixture();
    private final ExecutorService threads = Executors.newFixedThreadPool(6);
    private Team inside;
    /** The members of the inside sales team in round-robin order (by user id). */
    private List<String> members;

    @BeforeEach
    void insideSalesTeamOfThree() {
        fixture.core.records.addTrigger(new LeadAssignment(fixture.core.records, fixture.core.users), null);
        inside = fixture.core.users.createTeam(Actor.system(), "Inside sales");
        members = new ArrayList<>();
        for (String name : List.of("anna", "bert", "carla")) {
            members.add(fixture.core.user(name, Set.of("sales"), Set.of(inside.id())).userId());
        }
        Collections.sort(members);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Record rule(int position, String name, Map<String, Object> values) {
        Map<String, Object> rule = new LinkedHashMap<>(values);
        rule.put("position", position);
        rule.put("name", name);
        return fixture.core.records.create(Actor.system(), SalesTypes.ASSIGNMENT_RULE, rule);
    }

    private String ownerOfNewLead(Map<String, Object> values) {
        Map<String, Object> lead = new LinkedHashMap<>(values);
        lead.putIfAbsent("lastName", "Lead");
        Record created = fixture.core.records.create(Actor.system(), SalesTypes.LEAD, lead);
        return fixture.core.records.get(Actor.system(), SalesTypes.LEAD, created.getId()).getOwner();
    }

    @Test
    void roundRobinGoesThroughTheTeamInUserIdOrderAndStartsOver() {
        Record rule = rule(1, "Everyone to inside sales", Map.of("matchField", "Any", "assignToTeam", inside.id()));

        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            owners.add(ownerOfNewLead(Map.of()));
        }

        assertEquals(List.of(members.get(0), members.get(1), members.get(2), members.get(0)), owners);
        assertEquals(members.get(0), fixture.core.records.get(Actor.system(), SalesTypes.ASSIGNMENT_RULE, rule.getId()).get("lastAssignedUser"));
    }

    @Test
    void inactiveMembersAreSkipped() {
        rule(1, "Everyone to inside sales", Map.of("matchField", "Any", "assignToTeam", inside.id()));
        fixture.core.users.updateUser(Actor.system(), members.get(1), null, null, false, null, null);

        assertEquals(List.of(members.get(0), members.get(2), members.get(0)),
                List.of(ownerOfNewLead(Map.of()), ownerOfNewLead(Map.of()), ownerOfNewLead(Map.of())));
    }

    @Test
    void theFirstActiveRuleByPositionThatMatchesCountryOrSourceDecides() {
        String dach = fixture.core.user("dieter", Set.of("sales"), Set.of()).userId();
        String partners = fixture.core.user("paula", Set.of("sales"), Set.of()).userId();
        String anyone = fixture.core.user("frank", Set.of("sales"), Set.of()).userId();
        Map<String, Object> inactive = new HashMap<>(Map.of("matchField", "Any", "assignToUser", anyone, "active", false));
        rule(0, "Switched off", inactive);
        rule(3, "The rest", Map.of("matchField", "Any", "assignToTeam", inside.id()));
        rule(1, "DACH", Map.of("matchField", "Country", "matchValues", "Germany, Austria,Switzerland", "assignToUser", dach));
        rule(2, "Partners", Map.of("matchField", "Source", "matchValues", "Partner,Referral", "assignToUser", partners));

        assertEquals(dach, ownerOfNewLead(Map.of("country", "germany", "source", "Partner")));
        assertEquals(partners, ownerOfNewLead(Map.of("country", "France", "source", "Referral")));
        assertEquals(members.get(0), ownerOfNewLead(Map.of("country", "France", "source", "Web form")));
        assertEquals(members.get(1), ownerOfNewLead(Map.of()));
    }

    @Test
    void aRuleWhoseUserCannotTakeLeadsPassesToTheNextRule() {
        String gone = fixture.core.user("gone", Set.of("sales"), Set.of()).userId();
        fixture.core.users.updateUser(Actor.system(), gone, null, null, false, null, null);
        rule(1, "To someone who left", Map.of("matchField", "Any", "assignToUser", gone));
        rule(2, "The rest", Map.of("matchField", "Any", "assignToTeam", inside.id()));

        assertEquals(members.get(0), ownerOfNewLead(Map.of()));
    }

    @Test
    void withoutAMatchingRuleTheLeadStaysUnassigned() {
        rule(1, "DACH", Map.of("matchField", "Country", "matchValues", "Germany", "assignToTeam", inside.id()));

        assertNull(ownerOfNewLead(Map.of("country", "Japan")));
    }

    @Test
    void aLeadAPersonCreatesOrGivesAnOwnerKeepsIt() {
        rule(1, "Everyone to inside sales", Map.of("matchField", "Any", "assignToTeam", inside.id()));
        Actor rep = fixture.core.user("rita", Set.of("sales"), Set.of());

        Record own = fixture.core.records.create(rep, SalesTypes.LEAD, Map.of("lastName", "Mine"));
        Record given = fixture.core.records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", "Hers", "owner", rep.userId()));

        assertEquals(rep.userId(), fixture.core.records.get(Actor.system(), SalesTypes.LEAD, own.getId()).getOwner());
        assertEquals(rep.userId(), fixture.core.records.get(Actor.system(), SalesTypes.LEAD, given.getId()).getOwner());
    }

    @Test
    void webCaptureAssignsTheNewLead() {
        rule(1, "Web leads", Map.of("matchField", "Source", "matchValues", "web form", "assignToTeam", inside.id()));
        CaptureSupport capture = new CaptureSupport(fixture);
        capture.webForm("contact-us", Map.of("requiredFields", "lastName"));

        CaptureResponse r = capture.post("contact-us", CaptureSupport.FORM_ENCODED, "lastName=Ito");

        assertEquals(members.get(0), capture.lead((String) r.body().get("id")).getOwner());
    }

    @Test
    void concurrentCapturesNeverHandOutTheSameMemberTwiceInARound() throws Exception {
        rule(1, "Everyone to inside sales", Map.of("matchField", "Any", "assignToTeam", inside.id()));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> owners = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Callable<String> capture = () -> {
                start.await();
                return ownerOfNewLead(Map.of());
            };
            owners.add(threads.submit(capture));
        }
        start.countDown();

        Map<String, Integer> leadsPerMember = new HashMap<>();
        for (Future<String> owner : owners) {
            leadsPerMember.merge(owner.get(60, TimeUnit.SECONDS), 1, Integer::sum);
        }
        assertEquals(Map.of(members.get(0), 2, members.get(1), 2, members.get(2), 2), leadsPerMember);
    }
}
