package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The service capability in the real distribution, installed at runtime: the REST contract of cases and their
 * settings with bad input refused by field, who may do what (a service agent, a sales user without service rights, a
 * read-only user), routing round robin, holidays from an iCalendar file, a merge, and an SLA breach that falls due
 * while the server is down after a kill -9 firing once after the restart; a closed case e-mails its contact a CSAT survey
 * (through a real SMTP and IMAP server) whose link records one rating; an agent's console in Chromium (the workspace
 * soonest due first, a case's SLA clocks, the service and satisfaction figures on the home page).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceIT {
    private static final String ALWAYS = "00:00-00:00";
    private static RapportServer.Running running;
    private static GreenMailProcess mail;
    private static RestClient admin;
    private static final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    static void aServerWithTheServiceCapability() {
        mail = GreenMailProcess.start(new File("target/servers/service-greenmail.log"), "support:secret@rapport.test");
        running = RapportServer.Running.start(Map.of(), Map.of("org.rapportcrm.mail.cfg", mail.smtpSettings("support@rapport.test")),
                "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-service", Map.of()).status());
        await("the case type", () -> admin.get("/metadata/case").status() == 200, 90);
    }

    @AfterAll
    static void stop() {
        running.close();
        mail.close();
    }

    private static RestClient as(String user) {
        return new RestClient(running.server.baseUrl + "/api/v1").basic(user, "password-" + user);
    }

    private static String user(String name, String role, String team) {
        Response r = admin.post("/users", Map.of("userName", name, "displayName", name, "email", name + "@rapport.example",
                "password", "password-" + name, "roles", List.of(role), "teamIds", team == null ? List.of() : List.of(team)));
        assertEquals(201, r.status(), r.raw().body());
        return r.body().path("id").asText();
    }

    private static JsonNode created(Response r) {
        assertEquals(201, r.status(), r.raw().body());
        return r.body();
    }

    @Test
    @Order(1)
    void anAdministratorSetsUpAQueueACalendarAndAPolicy() {
        String team = created(admin.post("/teams", Map.of("name", "Support"))).path("id").asText();
        ids.put("sam", user("sam", "service", team));
        ids.put("sue", user("sue", "service", team));
        ids.put("sally", user("sally", "sales", null));
        ids.put("rita", user("rita", "read-only", null));
        ids.put("queue", created(admin.post("/queues", Map.of("name", "Support", "routing", "Round robin"))).path("id").asText());
        created(admin.post("/queueMembers", Map.of("queue", ids.get("queue"), "team", team)));
        created(admin.post("/caseAssignmentRules", Map.of("name", "Everything", "position", 1, "queue", ids.get("queue"))));

        Response badZone = admin.post("/businessCalendars", Map.of("name", "Nowhere", "timeZone", "Mars/Olympus"));
        assertEquals(422, badZone.status());
        assertEquals("timeZone", badZone.problemField());
        Map<String, Object> calendar = new LinkedHashMap<>(Map.of("name", "Round the clock", "timeZone", "UTC"));
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            calendar.put(day, ALWAYS);
        }
        ids.put("calendar", created(admin.post("/businessCalendars", calendar)).path("id").asText());
        Response badFilter = admin.post("/slaPolicies", Map.of("name", "Bad", "filter", "colour eq 'red'"));
        assertEquals(422, badFilter.status());
        assertEquals("filter", badFilter.problemField());
        String policy = created(admin.post("/slaPolicies", Map.of("name", "Standard", "position", 1, "calendar", ids.get("calendar"),
                "warningPercent", 99, "raisePriority", true))).path("id").asText();
        created(admin.post("/slaTargets", Map.of("slaPolicy", policy, "priority", "High", "firstResponseMinutes", 60, "resolutionMinutes", 480)));
        created(admin.post("/slaTargets", Map.of("slaPolicy", policy, "priority", "Urgent", "firstResponseMinutes", 30, "resolutionMinutes", 240)));
        created(admin.post("/slaTargets", Map.of("slaPolicy", policy, "priority", "Medium", "firstResponseMinutes", 240, "resolutionMinutes", 2400)));
    }

    @Test
    @Order(2)
    void casesAreRefusedByFieldNumberedRoutedAndListedByQueueAndSlaDue() {
        RestClient sam = as("sam");
        Response missing = sam.post("/cases", Map.of("priority", "High"));
        assertEquals(422, missing.status());
        assertEquals("subject", missing.problemField());
        Response badStatus = sam.post("/cases", Map.of("subject", "x", "status", "Pending forever"));
        assertEquals(422, badStatus.status());
        assertEquals("status", badStatus.problemField());

        List<String> owners = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode c = created(sam.post("/cases", Map.of("subject", "Case " + i, "priority", i % 2 == 0 ? "High" : "Medium", "channel", "Phone")));
            assertEquals(ids.get("queue"), c.path("queue").asText(), "queued by the assignment rule");
            assertTrue(c.path("slaDueAt").isTextual(), c.toString());
            JsonNode routed = sam.get("/cases/" + c.path("id").asText()).body();
            owners.add(routed.path("owner").asText());
            numbers.add(routed.path("caseNumber").asText());
            ids.put("case" + i, c.path("id").asText());
        }
        assertEquals(List.of("CS-000001", "CS-000002", "CS-000003", "CS-000004"), numbers);
        List<String> agents = new ArrayList<>(List.of(ids.get("sam"), ids.get("sue")));
        agents.sort(null);
        assertEquals(List.of(agents.get(0), agents.get(1), agents.get(0), agents.get(1)), owners, "round robin in the team");

        Response byDue = sam.get("/cases?filter=" + RestClient.q("queue eq '" + ids.get("queue") + "'") + "&sort=slaDueAt&limit=10");
        assertEquals(200, byDue.status(), byDue.raw().body());
        List<String> due = new ArrayList<>();
        byDue.body().path("items").forEach(item -> due.add(item.path("slaDueAt").asText()));
        List<String> sorted = new ArrayList<>(due);
        sorted.sort(null);
        assertEquals(sorted, due);
        assertEquals("High", byDue.body().path("items").get(0).path("priority").asText(), "the High cases are due first");
    }

    @Test
    @Order(3)
    void salesReadsCasesButMayNotOpenOneAndReadOnlyUsersChangeNothing() {
        Response salesCreate = as("sally").post("/cases", Map.of("subject", "From sales"));
        assertEquals(403, salesCreate.status(), salesCreate.raw().body());
        assertEquals(200, as("sally").get("/cases/" + ids.get("case0")).status());
        RestClient rita = as("rita");
        Response read = rita.get("/cases/" + ids.get("case0"));
        assertEquals(200, read.status());
        Response change = rita.patch("/cases/" + ids.get("case0"), read.header("ETag"), Map.of("subject", "Changed"));
        assertEquals(403, change.status(), change.raw().body());
        assertEquals(403, rita.post("/queues", Map.of("name", "Mine")).status(), "queues are settings");
        assertEquals(403, as("sam").post("/slaPolicies", Map.of("name", "Agent's own")).status(), "so are SLA policies");
    }

    @Test
    @Order(4)
    void holidaysArriveAsAnICalendarFileAndDuplicatesMergeIntoTheirMaster() {
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//it//holidays//EN", "BEGIN:VEVENT", "UID:x@it",
                "DTSTAMP:20261201T000000Z", "DTSTART;VALUE=DATE:20261225", "DTEND;VALUE=DATE:20261227", "SUMMARY:Christmas", "END:VEVENT",
                "END:VCALENDAR", "");
        Response imported = admin.raw("POST", "/businessCalendars/" + ids.get("calendar") + "/holidays", "text/calendar", ics);
        assertEquals(200, imported.status(), imported.raw().body());
        assertEquals(2, imported.body().path("added").asInt());
        Response notIcs = admin.raw("POST", "/businessCalendars/" + ids.get("calendar") + "/holidays", "text/calendar", "no calendar here");
        assertEquals(422, notIcs.status(), notIcs.raw().body());

        Response merged = as("sam").post("/cases/" + ids.get("case3") + "/merge", Map.of("into", ids.get("case1")));
        assertEquals(200, merged.status(), merged.raw().body());
        JsonNode duplicate = as("sam").get("/cases/" + ids.get("case3")).body();
        assertEquals(ids.get("case1"), duplicate.path("mergedInto").asText());
        assertEquals("Closed", duplicate.path("status").asText());
        Response mergeMissing = as("sam").post("/cases/" + ids.get("case2") + "/merge", Map.of());
        assertEquals(422, mergeMissing.status());
        assertEquals("into", mergeMissing.problemField());
    }

    @Test
    @Order(5)
    void aBreachDueWhileTheServerIsDownFiresOnceAfterTheRestart() {
        // Opened 59 min 40 s ago with a 60 min first-response target: due in 20 s.
        Instant opened = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(60)).plusSeconds(20);
        JsonNode c = created(as("sam").post("/cases", Map.of("subject", "Due during the outage", "priority", "High", "openedAt", opened.toString())));
        String id = c.path("id").asText();
        Instant due = Instant.parse(c.path("firstResponseDueAt").asText());
        assertEquals(opened.plus(Duration.ofMinutes(60)), due);
        running.kill();
        await("the due time to pass while the server is down", () -> Instant.now().isAfter(due.plusSeconds(2)), 60);
        running = running.restart();
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        await("the breach's escalation", () -> admin.get("/cases/" + id).body().path("slaEvents").asText().contains("firstResponse:breach"), 90);
        JsonNode breached = admin.get("/cases/" + id).body();
        assertEquals("Breached", breached.path("slaStatus").asText());
        assertEquals("Urgent", breached.path("priority").asText(), "raised once, from High");
        long breaches = breached.path("slaEvents").asText().lines().filter(l -> l.startsWith("firstResponse:breach")).count();
        assertEquals(1, breaches, breached.path("slaEvents").asText());
        Response history = admin.get("/cases/" + id + "/history");
        long priorityChanges = 0;
        for (JsonNode change : history.body().path("items").isMissingNode() ? history.body() : history.body().path("items")) {
            if ("priority".equals(change.path("field").asText())) {
                priorityChanges++;
            }
        }
        assertEquals(1, priorityChanges, history.raw().body());
        System.out.printf("service: breach due %s fired after restart; case %s%n", due, breached.path("slaEvents").asText().replace('\n', ' '));
    }

    @Test
    @Order(6)
    void aClosedCaseEmailsItsContactASurveyWhoseLinkRecordsOneRating() throws Exception {
        Response refused = as("sam").post("/surveys", Map.of("name", "Mine", "kind", "CSAT", "subject", "Rate me", "sendOnCaseClose", true));
        assertEquals(403, refused.status(), "surveys are settings: " + refused.raw().body());
        Response npsOnClose = admin.post("/surveys", Map.of("name", "Loyalty", "kind", "NPS", "subject", "Recommend us?", "sendOnCaseClose", true));
        assertEquals(422, npsOnClose.status());
        assertEquals("sendOnCaseClose", npsOnClose.problemField());
        created(admin.post("/surveys", Map.of("name", "Support satisfaction", "kind", "CSAT", "subject", "How did we do?", "sendOnCaseClose", true)));
        String contact = created(admin.post("/contacts", Map.of("firstName", "Olga", "lastName", "Customer", "email", "olga@customer.test")))
                .path("id").asText();
        RestClient sam = as("sam");
        JsonNode c = created(sam.post("/cases", Map.of("subject", "Invoice missing", "priority", "Medium", "contact", contact)));
        String caseId = c.path("id").asText();
        Response closed = sam.patch("/cases/" + caseId, sam.get("/cases/" + caseId).header("ETag"), Map.of("status", "Closed"));
        assertEquals(200, closed.status(), closed.raw().body());

        MimeMessage survey = mail.awaitMessage("olga@customer.test", m -> subject(m).equals("How did we do?"), 90);
        assertEquals("auto-generated", survey.getHeader("Auto-Submitted", null));
        Matcher link = Pattern.compile("/surveys/([A-Za-z0-9_-]{43})\\?score=5").matcher(text(survey));
        assertTrue(link.find(), text(survey));
        String page = running.server.baseUrl + "/surveys/" + link.group(1);
        String responses = "/surveyResponses?filter=" + RestClient.q("case eq '" + caseId + "'");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(page + "?score=5")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, opened.statusCode());
        assertTrue(opened.body().contains("data-autosubmit"), opened.body());
        assertEquals("no-referrer", opened.headers().firstValue("Referrer-Policy").orElse(""));
        assertEquals("Sent", sam.get(responses).body().path("items").get(0).path("status").asText(), "opening the link records nothing");

        assertEquals(200, answer(http, page, "score=5&comment=Fast+%26+friendly").statusCode());
        assertEquals(409, answer(http, page, "score=1").statusCode(), "the first answer counts");
        assertEquals(413, answer(http, page, "score=5&comment=" + "x".repeat(40_000)).statusCode());
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(running.server.baseUrl + "/surveys/not-a-link")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        JsonNode response = sam.get(responses).body().path("items").get(0);
        assertEquals("Answered", response.path("status").asText());
        assertEquals(5, response.path("score").asInt());
        assertEquals("Satisfied", response.path("rating").asText());
        assertEquals("Fast & friendly", response.path("comment").asText());

        String responseId = response.path("id").asText();
        Response forged = sam.patch("/surveyResponses/" + responseId, sam.get("/surveyResponses/" + responseId).header("ETag"), Map.of("score", 1));
        assertTrue(forged.status() == 403 || forged.status() == 405, "responses are the capability's to write: " + forged.status());
        String today = LocalDate.now(java.time.ZoneOffset.UTC).toString();
        JsonNode satisfaction = sam.get("/satisfaction?from=" + today + "&to=" + today).body();
        assertEquals(1, satisfaction.path("csat").path("answered").asInt(), satisfaction.toString());
        assertEquals(1.0, satisfaction.path("csat").path("csat").asDouble(), 0.0001);
    }

    @Test
    @Order(7)
    void anAgentWorksTheirCasesSoonestDueFirstInTheConsole() throws Exception {
        RestClient sam = as("sam");
        String open = "owner eq me and status ne 'Resolved' and status ne 'Closed'";
        JsonNode mine = sam.get("/cases?filter=" + RestClient.q(open) + "&sort=slaDueAt&limit=100").body().path("items");
        assertTrue(mine.size() > 0, "sam has open cases");
        try (ConsoleBrowser browser = new ConsoleBrowser(1400, 1000, null)) {
            browser.screenshotOnFailure("service-workspace", () -> {
                browser.driver.get(running.server.baseUrl + "/");
                browser.signIn("sam", "password-sam");
                browser.driver.get(running.server.baseUrl + "/#/page/service-workspace");
                browser.byTestId("workspace-cases");
                browser.waiting("sam's open cases, soonest SLA due first").until(d -> {
                    List<String> rows = browser.deepAll("[data-testid=\"workspace-case\"]").stream().map(e -> e.getText()).toList();
                    return rows.size() == mine.size() && rows.get(0).startsWith(mine.get(0).path("caseNumber").asText());
                });
                String first = browser.deepAll("[data-testid=\"workspace-case\"]").get(0).getText();
                assertTrue(first.contains(" late") || first.contains("in "), "a countdown: " + first);

                browser.driver.get(running.server.baseUrl + "/#/cases/" + mine.get(0).path("id").asText());
                browser.deep("[data-testid=\"sla-status\"]", mine.get(0).path("slaStatus").asText());
                browser.byTestId("sla-clock-resolution");

                browser.driver.get(running.server.baseUrl + "/#/");
                browser.deep("[data-testid=\"service-kpi-backlog\"]", null);
                browser.deep("[data-testid=\"satisfaction-csat\"]", "100");
                assertEquals(List.of(), browser.consoleErrors());
            });
        }
    }

    private static HttpResponse<String> answer(HttpClient http, String page, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(page)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    /** The plain-text part of a message (multipart/alternative). */
    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                if (multipart.getBodyPart(i).isMimeType("text/plain")) {
                    return (String) multipart.getBodyPart(i).getContent();
                }
            }
        }
        return String.valueOf(content);
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
