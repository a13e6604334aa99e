package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Sales force automation in the real distribution, the way a team uses it: a lead posted from the website is scored,
 * assigned round robin and checked for duplicates; a rep converts it and walks the deal through the pipeline to
 * closed-won; forecast and KPIs then show the hand-computed figures. Bad input is refused without half-done work,
 * and the capability can be removed and brought back at runtime with its data.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SalesIT {
    private static final String HTTP_PORT = RapportExam.port(18481);
    private static final String ROOT = "http://localhost:" + HTTP_PORT;
    private static final String FORM = "/forms/leads/contact-us";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final LocalDate QUARTER_START = TODAY.withMonth((TODAY.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1);
    private static final LocalDate QUARTER_END = QUARTER_START.plusMonths(3).minusDays(1);
    private static final String QUARTER = TODAY.getYear() + "-Q" + ((TODAY.getMonthValue() - 1) / 3 + 1);

    private static final RestClient api = new RestClient(ROOT + "/api/v1").basic("admin", RapportExam.ADMIN_PASSWORD);
    private static final RestClient website = new RestClient(ROOT);
    /** What the steps hand on to each other: one boot, one story. */
    private static final Map<String, String> ids = new LinkedHashMap<>();

    @Configuration
    public Option[] config() {
        return RapportExam.distribution(HTTP_PORT, RapportExam.port(18401));
    }

    @Test
    public void a_anAdministratorSetsUpTeamRulesAndAWebForm() throws Exception {
        awaitStatus("/salesStages", 200);
        String team = created(api.post("/teams", Map.of("name", "Inside Sales"))).path("id").asText();
        ids.put("ines", created(api.post("/users", user("ines", team))).path("id").asText());
        ids.put("jonas", created(api.post("/users", user("jonas", team))).path("id").asText());
        ids.put("omar", created(api.post("/users", user("omar", null))).path("id").asText());
        created(api.post("/assignmentRules", Map.of("name", "DACH round robin", "position", 1, "matchField", "Country",
                "matchValues", "Germany, Austria, Switzerland", "assignToTeam", team)));
        created(api.post("/assignmentRules", Map.of("name", "Everyone else", "position", 2, "matchField", "Any",
                "assignToUser", ids.get("omar"))));
        created(api.post("/scoringRules", Map.of("name", "Came through the website", "appliesTo", "Lead field", "field", "source",
                "operator", "equals", "value", "Web form", "points", 10)));
        created(api.post("/scoringRules", Map.of("name", "Director", "appliesTo", "Lead field", "field", "title",
                "operator", "contains", "value", "Director", "points", 15)));
        created(api.post("/scoringRules", Map.of("name", "Met us", "appliesTo", "Activity", "activityType", "Meeting", "points", 20)));
        created(api.post("/webForms", Map.of("name", "Contact us", "formKey", "contact-us", "requiredFields", "lastName,email",
                "fieldMapping", "first_name=firstName\nlast_name=lastName\nemail_address=email\norg=company\njob_title=title")));
    }

    @Test
    public void b_aWebFormPostWithMissingOrMalformedFieldsIsRefusedByFieldAndCreatesNothing() {
        Response missing = postForm("first_name=Greta&email_address=greta%40fjord.example");
        assertEquals(422, missing.status());
        assertEquals("last_name", missing.problemField());
        Response malformed = postForm("last_name=Hansen&email_address=not-an-address");
        assertEquals(422, malformed.status());
        assertEquals("email_address", malformed.problemField());
        assertEquals(400, website.raw("POST", FORM, "application/json", "{\"last_name\": ").status());
        assertEquals(404, website.raw("POST", "/forms/leads/no-such-form", "application/x-www-form-urlencoded", "last_name=X").status());
        assertEquals(0, total("/leads"));
    }

    @Test
    public void c_aCapturedLeadIsScoredAssignedRoundRobinAndCheckedForDuplicates() {
        String greta = capture("first_name=Greta&last_name=Hansen&email_address=greta%40fjord.example&org=Fjord+Shipping"
                + "&job_title=IT+Director&country=Germany");
        JsonNode lead = api.get("/leads/" + greta).body();
        assertEquals("Web form", lead.path("source").asText());
        assertEquals("contact-us", lead.path("webForm").asText());
        assertEquals(10 + 15, lead.path("score").asInt());
        assertTrue(lead.path("scoreExplanation").asText(), lead.path("scoreExplanation").asText().contains("+15"));
        String firstOwner = lead.path("owner").asText();
        assertTrue(Set.of(ids.get("ines"), ids.get("jonas")).contains(firstOwner));

        String austrian = capture("last_name=Gruber&email_address=lena%40alpen.example&country=Austria");
        String secondOwner = api.get("/leads/" + austrian).body().path("owner").asText();
        assertNotEquals("round robin hands the next lead to the other team member", firstOwner, secondOwner);
        assertTrue(Set.of(ids.get("ines"), ids.get("jonas")).contains(secondOwner));

        String french = capture("last_name=Moreau&email_address=luc%40lyon.example&country=France");
        assertEquals(ids.get("omar"), api.get("/leads/" + french).body().path("owner").asText());

        String again = capture("first_name=Greta&last_name=Hansen&email_address=GRETA%40fjord.example&country=Germany");
        assertEquals(greta, api.get("/leads/" + again).body().path("matchedLead").asText());
        ids.put("lead", greta);
        ids.put("rep", firstOwner);
    }

    @Test
    public void d_aMeetingRaisesTheLeadsScore() {
        created(api.post("/activities", Map.of("subject", "Discovery meeting", "activityType", "Meeting", "status", "Completed",
                "lead", ids.get("lead"))));
        assertEquals(10 + 15 + 20, api.get("/leads/" + ids.get("lead")).body().path("score").asInt());
    }

    @Test
    public void e_convertingMakesAccountContactAndOpportunityOnceAndOnlyOnce() {
        Response converted = api.post("/leads/" + ids.get("lead") + "/convert",
                Map.of("opportunityName", "Fjord fleet CRM", "closeDate", TODAY.toString()));
        assertEquals(converted.body().toString(), 200, converted.status());
        JsonNode opportunity = converted.body().path("opportunity");
        assertEquals("Prospecting", opportunity.path("stage").asText());
        assertEquals(ids.get("rep"), opportunity.path("owner").asText());
        assertEquals("Fjord Shipping", converted.body().path("account").path("name").asText());
        assertEquals("Converted", api.get("/leads/" + ids.get("lead")).body().path("status").asText());
        JsonNode meeting = api.get("/activities?filter=" + RestClient.q("lead eq '" + ids.get("lead") + "'")).body().path("items").path(0);
        assertEquals("the lead's history moves to the contact", converted.body().path("contact").path("id").asText(), meeting.path("contact").asText());
        ids.put("opportunity", opportunity.path("id").asText());
        ids.put("account", converted.body().path("account").path("id").asText());
        ids.put("contact", converted.body().path("contact").path("id").asText());

        Response again = api.post("/leads/" + ids.get("lead") + "/convert", Map.of());
        assertEquals(409, again.status());
        assertEquals(1, total("/accounts"));
        assertEquals(1, total("/opportunities"));
    }

    @Test
    public void f_aStageMoveWithoutTheStagesRequiredFieldsIsRefusedAndTheDealWalksToClosedWon() {
        String path = "/opportunities/" + ids.get("opportunity");
        Response refused = api.patch(path, "\"1\"", Map.of("stage", "Needs analysis"));
        assertEquals(422, refused.status());
        assertEquals("amount", refused.problemField());
        assertEquals("Prospecting", api.get(path).body().path("stage").asText());

        move(path, Map.of("stage", "Needs analysis", "amount", Map.of("amount", 48000, "currency", "EUR")));
        move(path, Map.of("stage", "Proposal"));
        JsonNode won = move(path, Map.of("stage", "Closed Won"));
        assertEquals(0, new BigDecimal("100").compareTo(won.path("probability").decimalValue()));
        assertNotNull(won.path("closedAt").textValue());
        List<String> stages = api.get("/stageChanges?sort=enteredAt&filter=" + RestClient.q("opportunity eq '" + ids.get("opportunity") + "'"))
                .body().path("items").findValuesAsText("stage");
        assertEquals(List.of("Prospecting", "Needs analysis", "Proposal", "Closed Won"), stages);

        // A deal lost on price and one still in negotiation, for the figures below.
        String lost = deal("Harbour cranes", 20000);
        move("/opportunities/" + lost, Map.of("stage", "Closed Lost", "lossReason", "Price"));
        deal("Ferry booking", 30000);
    }

    @Test
    public void g_forecastAndKpisShowTheHandComputedFigures() {
        JsonNode kpis = api.get("/sales/kpis?from=" + QUARTER_START + "&to=" + QUARTER_END).body();
        assertEquals(kpis.toString(), 0.5, kpis.path("winRate").asDouble(), 1e-9);           // 1 won, 1 lost
        assertEquals(48000.0, kpis.path("averageDealSize").asDouble(), 1e-9);                 // 48,000 / 1
        assertEquals(30000.0, kpis.path("pipelineValue").asDouble(), 1e-9);                   // the open deal
        assertEquals(0.25, kpis.path("leadConversionRate").asDouble(), 1e-9);                 // 1 of 4 leads
        assertEquals(0.0, kpis.path("salesCycleDays").asDouble(), 0.05);                      // created and won today
        assertEquals("EUR", kpis.path("currency").asText());

        JsonNode forecast = api.get("/sales/forecast?period=" + QUARTER + "&groupBy=owner").body();
        JsonNode total = forecast.path("total");
        assertEquals(forecast.toString(), 48000.0, total.path("closed").asDouble(), 1e-9);
        assertEquals(30000.0 + 48000.0, total.path("commit").asDouble(), 1e-9);              // Negotiation is Commit
        assertEquals(30000.0 + 48000.0, total.path("bestCase").asDouble(), 1e-9);
        assertEquals(30000.0, total.path("pipeline").asDouble(), 1e-9);
        assertEquals(30000.0 * 0.80, total.path("weighted").asDouble(), 1e-9);               // 80 % in Negotiation
        assertEquals(1, forecast.path("rows").size());
        assertEquals(ids.get("rep"), forecast.path("rows").path(0).path("key").asText());

        assertEquals(400, api.get("/sales/forecast?period=2026-Q5").status());
        assertEquals("from", api.get("/sales/kpis?from=yesterday&to=" + QUARTER_END).problemField());
    }

    @Test
    public void h_removingSalesAtRuntimeKeepsThePlatformAndReinstallingBringsTheDataBack() throws Exception {
        assertEquals(204, api.send("DELETE", "/admin/capabilities/rapport-sales").status());
        awaitStatus("/leads", 404);
        assertEquals(1, total("/accounts"));
        assertEquals("UP", api.get("/health").body().path("status").asText());
        int lateForm = postForm("last_name=Late&email_address=late%40example.org").status();
        assertTrue("the capture endpoint went with the capability: " + lateForm, lateForm == 404 || lateForm == 405);

        long start = System.nanoTime();
        assertEquals(201, api.send("POST", "/admin/capabilities/rapport-sales").status());
        awaitStatus("/leads", 200);
        System.out.printf("rapport-sales: install request to its records answering: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(4, total("/leads"));
        assertEquals(3, total("/opportunities"));
        assertEquals("Closed Won", api.get("/opportunities/" + ids.get("opportunity")).body().path("stage").asText());
    }

    private static Map<String, Object> user(String name, String team) {
        return Map.of("userName", name, "displayName", name, "email", name + "@rapport.example", "password", "password-" + name,
                "roles", List.of("sales"), "teamIds", team == null ? List.of() : List.of(team));
    }

    private String deal(String name, int amount) {
        return created(api.post("/opportunities", Map.of("name", name, "account", ids.get("account"), "contact", ids.get("contact"),
                "amount", Map.of("amount", amount, "currency", "EUR"), "closeDate", TODAY.toString(), "stage", "Negotiation",
                "owner", ids.get("rep")))).path("id").asText();
    }

    private static JsonNode move(String path, Map<String, Object> changes) {
        String version = "\"" + api.get(path).body().path("version").asText() + "\"";
        Response moved = api.patch(path, version, changes);
        assertEquals(moved.body().toString(), 200, moved.status());
        return moved.body();
    }

    private static Response postForm(String body) {
        return website.raw("POST", FORM, "application/x-www-form-urlencoded", body);
    }

    private static String capture(String body) {
        return created(postForm(body)).path("id").asText();
    }

    private static JsonNode created(Response r) {
        assertEquals(r.body().toString(), 201, r.status());
        return r.body();
    }

    private static long total(String path) {
        return api.get(path + "?count=true&limit=1").body().path("total").asLong();
    }

    private static void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            try {
                last = api.get(path).status();
                if (last == status) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError(path + " answered " + last + ", not " + status + ", within 60 s");
    }
}
