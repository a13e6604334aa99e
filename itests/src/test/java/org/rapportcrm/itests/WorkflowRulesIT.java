package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Workflow rules in the real distribution: an administrator writes rules over REST; they run once per change, from the
 * outbox, in order; a chain of rules that would loop is stopped; a rule can be tried on a record without changing it;
 * a date-based rule runs when the date is reached; every run is kept with what it did.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkflowRulesIT {
    private static RapportServer.Running running;
    private static RestClient admin;
    private static String repId;

    @BeforeAll
    static void aServerWithAutomation() {
        running = RapportServer.Running.start(Map.of(), Map.of(), "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-automation", Map.of()).status());
        await("the workflow rule type", () -> admin.get("/metadata/workflowRule").status() == 200, 60);
        Response rep = admin.post("/users", Map.of("userName", "rulerep", "displayName", "Rule Rep", "password", "rule-rep-password",
                "roles", List.of("sales")));
        assertEquals(201, rep.status(), rep.raw().body());
        repId = rep.body().path("id").asText();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    @Order(1)
    void aRuleIsRefusedFieldByFieldUntilItCanRun() {
        assertEquals("recordType", admin.post("/workflowRules", rule("Bad type", "nothing", "Record created", "[]")).problemField());
        assertEquals("triggerField", admin.post("/workflowRules", rule("No field", "account", "Field changed",
                "[{\"action\":\"record.update\",\"parameters\":{\"city\":\"Paris\"}}]")).problemField());
        Map<String, Object> badFilter = rule("Bad filter", "account", "Record created", "[{\"action\":\"record.update\",\"parameters\":{\"city\":\"Paris\"}}]");
        badFilter.put("condition", "employees gt 'many'");
        assertEquals("condition", admin.post("/workflowRules", badFilter).problemField());
        assertEquals("actions[0]", admin.post("/workflowRules", rule("Unknown action", "account", "Record created",
                "[{\"action\":\"acme.nothing\"}]")).problemField());
        assertEquals("actions[0].parameters.colour", admin.post("/workflowRules", rule("Unknown field", "account", "Record created",
                "[{\"action\":\"record.update\",\"parameters\":{\"colour\":\"red\"}}]")).problemField());
        assertEquals("actions", admin.post("/workflowRules", rule("Not JSON", "account", "Record created", "[{")).problemField());

        RestClient rep = new RestClient(running.server.baseUrl + "/api/v1").basic("rulerep", "rule-rep-password");
        assertEquals(403, rep.post("/workflowRules", rule("Mine", "account", "Record created",
                "[{\"action\":\"record.update\",\"parameters\":{\"city\":\"Paris\"}}]")).status(), "rules are settings: administrators only");
    }

    @Test
    @Order(2)
    void aRuleThatAssignsAndCreatesATaskOnAFieldChangeFiresOnce() {
        Map<String, Object> bank = rule("Banks go to the rep", "account", "Field changed",
                "[{\"action\":\"record.assign\",\"parameters\":{\"user\":\"" + repId + "\"}},"
                        + "{\"action\":\"record.create-task\",\"parameters\":{\"subject\":\"Welcome {{name}}\",\"dueInDays\":2}}]");
        bank.put("triggerField", "industry");
        bank.put("toValue", "Banking");
        String ruleId = created(admin.post("/workflowRules", bank));

        String account = created(admin.post("/accounts", Map.of("name", "Fires Once Bank", "industry", "Retail")));
        patch("/accounts/" + account, Map.of("industry", "Banking"));
        patch("/accounts/" + account, Map.of("city", "Zurich")); // not a change of the industry: no second run
        await("the rule ran", () -> runs(ruleId).size() == 1 && runs(ruleId).get(0).path("status").asText().equals("Done"), 60);

        JsonNode after = admin.get("/accounts/" + account).body();
        assertEquals(repId, after.path("owner").asText());
        assertTrue(history(account).stream().anyMatch(c -> c.path("field").asText().equals("owner")
                && c.path("actorName").asText().equals("Rule: Banks go to the rep")), "the audit trail names the rule: " + history(account));
        List<JsonNode> tasks = items(admin.get("/activities?filter=" + RestClient.q("account eq '" + account + "'")));
        assertEquals(1, tasks.size(), tasks.toString());
        assertEquals("Welcome Fires Once Bank", tasks.get(0).path("subject").asText());
        assertEquals(repId, tasks.get(0).path("owner").asText(), "the task is the new owner's: the rule's actions run in order");
        JsonNode run = runs(ruleId).get(0);
        assertTrue(run.path("log").asText().startsWith("Assign to Rule Rep"), run.toString());
        assertTrue(run.path("cause").asText().contains("industry"), run.toString());

        patch("/accounts/" + account, Map.of("industry", "Retail"));
        patch("/accounts/" + account, Map.of("name", "Fires Once Bank AG"));
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        assertEquals(1, runs(ruleId).size(), "changing to something else, or another field, does not fire it");
        deactivate(ruleId);
    }

    @Test
    @Order(3)
    void twoRulesThatWouldFireEachOtherForeverAreStopped() {
        Map<String, Object> ping = rule("Ping", "account", "Field changed", "[{\"action\":\"record.update\",\"parameters\":{\"country\":\"{{now}}\"}}]");
        ping.put("triggerField", "city");
        ping.put("condition", "name sw 'Loop'");
        Map<String, Object> pong = rule("Pong", "account", "Field changed", "[{\"action\":\"record.update\",\"parameters\":{\"city\":\"{{now}}\"}}]");
        pong.put("triggerField", "country");
        pong.put("condition", "name sw 'Loop'");
        String pingId = created(admin.post("/workflowRules", ping));
        String pongId = created(admin.post("/workflowRules", pong));

        String account = created(admin.post("/accounts", Map.of("name", "Loop Ltd")));
        patch("/accounts/" + account, Map.of("city", "Start"));
        await("a run skipped by loop protection", () -> allRuns(pingId, pongId).stream()
                .anyMatch(r -> r.path("status").asText().equals("Skipped") && r.path("error").asText().startsWith("Loop protection")), 60);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        int runs = allRuns(pingId, pongId).size();
        assertTrue(runs <= 7, "the chain stops after 5 rule changes: " + runs + " runs");
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        assertEquals(runs, allRuns(pingId, pongId).size(), "nothing runs after the stop");
        deactivate(pingId);
        deactivate(pongId);
    }

    @Test
    @Order(4)
    void aRuleCanBeTriedOnARecordWithoutChangingIt() {
        Map<String, Object> big = rule("Big accounts", "account", "Record created or updated",
                "[{\"action\":\"record.update\",\"parameters\":{\"accountType\":\"Customer\"}}]");
        big.put("condition", "employees ge 1000");
        big.put("active", false);
        String ruleId = created(admin.post("/workflowRules", big));
        String large = created(admin.post("/accounts", Map.of("name", "Large Test Co", "employees", 5000)));
        String small = created(admin.post("/accounts", Map.of("name", "Small Test Co", "employees", 5)));

        Response tried = admin.post("/workflowRules/" + ruleId + "/test", Map.of("recordId", large));
        assertEquals(200, tried.status(), tried.raw().body());
        assertTrue(tried.body().path("conditionHolds").asBoolean());
        assertEquals("Set accountType to 'Customer'", tried.body().path("wouldDo").get(0).asText());
        assertEquals(false, admin.post("/workflowRules/" + ruleId + "/test", Map.of("recordId", small)).body().path("conditionHolds").asBoolean());
        assertTrue(admin.get("/accounts/" + large).body().path("accountType").isNull(), "trying changes nothing");
        assertEquals("recordId", admin.post("/workflowRules/" + ruleId + "/test", Map.of()).problemField());
        assertEquals(404, admin.post("/workflowRules/" + ruleId + "/test", Map.of("recordId", "no-such-record")).status());
    }

    @Test
    @Order(5)
    void aDateBasedRuleRunsWhenTheDateIsReached() {
        Map<String, Object> birthday = rule("Birthday call", "contact", "Date reached",
                "[{\"action\":\"record.create-task\",\"parameters\":{\"subject\":\"Call {{firstName}} for the birthday\"}}]");
        birthday.put("triggerField", "birthdate");
        birthday.put("offsetMinutes", 60 * 9);
        String ruleId = created(admin.post("/workflowRules", birthday));
        String today = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        String contact = created(admin.post("/contacts", Map.of("firstName", "Bea", "lastName", "Day", "birthdate", today)));
        String later = created(admin.post("/contacts", Map.of("firstName", "Carl", "lastName", "Later",
                "birthdate", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString())));
        await("the rule ran for the date that has come", () -> runs(ruleId).size() == 1
                && runs(ruleId).get(0).path("status").asText().equals("Done"), 60);
        assertEquals(contact, runs(ruleId).get(0).path("recordId").asText());
        assertTrue(runs(ruleId).get(0).path("cause").asText().startsWith("Date reached: birthdate"));
        List<JsonNode> tasks = items(admin.get("/activities?filter=" + RestClient.q("contact eq '" + contact + "'")));
        assertEquals("Call Bea for the birthday", tasks.get(0).path("subject").asText());
        assertTrue(items(admin.get("/activities?filter=" + RestClient.q("contact eq '" + later + "'"))).isEmpty());
    }

    @Test
    @Order(6)
    void aTimeBasedActionSurvivesAKillAndRunsOnceAfterTheRestart() {
        Map<String, Object> soon = rule("Task due soon", "activity", "Date reached",
                "[{\"action\":\"record.update\",\"parameters\":{\"priority\":\"High\"}}]");
        soon.put("triggerField", "dueAt");
        soon.put("condition", "subject sw 'Kill test'");
        String ruleId = created(admin.post("/workflowRules", soon));
        String due = java.time.Instant.now().plusSeconds(20).toString();
        String task = created(admin.post("/activities", Map.of("subject", "Kill test task", "activityType", "Task", "dueAt", due)));
        // Killed a moment later, the task's time is set on the scheduler or its change still waits in the outbox: either way it is kept.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));

        running.kill();
        running = running.restart();
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        // Ready means ready: a load balancer sends traffic now, so the installed capability's types and endpoints answer.
        assertEquals(200, admin.get("/metadata/workflowRuleRun").status(), "the rule run type once the node is ready");
        assertEquals(200, admin.get("/workflowRuleRuns?limit=1").status(), "the rule runs endpoint once the node is ready");
        assertEquals(200, admin.get("/workflowRules?limit=1").status(), "the rules endpoint once the node is ready");
        await("the time-based run after the restart", () -> runs(ruleId).size() == 1
                && runs(ruleId).get(0).path("status").asText().equals("Done"), 120);
        assertEquals("High", admin.get("/activities/" + task).body().path("priority").asText());
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        assertEquals(1, runs(ruleId).size(), "run once");
    }

    private static Map<String, Object> rule(String name, String type, String trigger, String actions) {
        Map<String, Object> rule = new java.util.LinkedHashMap<>();
        rule.put("name", name);
        rule.put("recordType", type);
        rule.put("trigger", trigger);
        rule.put("actions", actions);
        return rule;
    }

    private static String created(Response r) {
        assertEquals(201, r.status(), r.raw().body());
        return r.body().path("id").asText();
    }

    private static void patch(String path, Map<String, Object> changes) {
        Response r = patchAsRead(path, changes);
        if (r.status() == 412) {
            r = patchAsRead(path, changes); // a rule changed the record between the read and the write: as a user would, read it again
        }
        assertEquals(200, r.status(), r.raw().body());
    }

    private static Response patchAsRead(String path, Map<String, Object> changes) {
        Response current = admin.get(path);
        return admin.patch(path, "\"" + current.body().path("version").asLong() + "\"", changes);
    }

    private static void deactivate(String ruleId) {
        patch("/workflowRules/" + ruleId, Map.of("active", false));
    }

    private static List<JsonNode> runs(String ruleId) {
        return items(admin.get("/workflowRuleRuns?filter=" + RestClient.q("rule eq '" + ruleId + "'")));
    }

    private static List<JsonNode> allRuns(String... ruleIds) {
        List<JsonNode> all = new ArrayList<>();
        for (String id : ruleIds) {
            all.addAll(runs(id));
        }
        return all;
    }

    private static List<JsonNode> history(String account) {
        return items(admin.get("/accounts/" + account + "/history"));
    }

    private static List<JsonNode> items(Response r) {
        assertEquals(200, r.status(), r.raw().body());
        List<JsonNode> items = new ArrayList<>();
        r.body().path("items").forEach(items::add);
        return items;
    }

    private static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }
}
