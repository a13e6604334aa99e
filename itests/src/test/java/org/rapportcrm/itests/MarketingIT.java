package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rapportcrm.itests.RestClient.Response;

/**
 * The marketing capability in the real distribution, over HTTP, installed at runtime: a dynamic segment grows within a
 * second of a matching contact's creation and shrinks when it stops matching; a static list from a CSV; a double
 * opt-in whose confirmation e-mail is read from a real IMAP inbox (GreenMail) and whose link confirms once; a marketer
 * builds segments where a sales rep only reads them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketingIT {
    private static GreenMailProcess greenMail;
    private static RapportServer.Running running;
    private static RestClient admin;
    private static RestClient marketer;
    private static RestClient rep;

    @BeforeAll
    static void aServerWithMarketingAndAMailServer() {
        greenMail = GreenMailProcess.start(new File(System.getProperty("rapport.workDir", "target/servers"), "marketing-greenmail.log"), "marketing:secret@rapport.test");
        running = RapportServer.Running.start(Map.of(), Map.of("org.rapportcrm.mail.cfg", greenMail.smtpSettings("crm@rapport.test"),
                "org.rapportcrm.marketing.journeys.cfg", "passSeconds=1\n"), "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-marketing", Map.of()).status());
        await("the segment builder", () -> admin.post("/marketing/segment-preview", Map.of()).status() == 200, 60);
        marketer = as(user("maya", "marketing"));
        rep = as(user("sam", "sales"));
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
        if (greenMail != null) {
            greenMail.close();
        }
    }

    @Test
    @Order(1)
    void aDynamicSegmentGrowsWithinASecondOfAMatchingContactAndShrinksWhenItStopsMatching() {
        String segment = created(marketer.post("/segments", Map.of("name", "Germany", "filter", "country eq 'Germany'"))).path("id").asText();
        Response contact = marketer.post("/contacts", Map.of("lastName", "Becker", "country", "Germany"));
        JsonNode becker = created(contact);
        Instant createdAt = Instant.parse(becker.path("createdAt").asText());
        await("Becker enters", () -> members(segment).path("count").asInt() == 1, 10);
        Instant since = Instant.parse(members(segment).path("items").get(0).path("since").asText());
        long millis = Duration.between(createdAt, since).toMillis();
        System.out.printf("marketing: a new matching contact entered its dynamic segment %d ms after its creation%n", millis);
        assertTrue(millis < 1000, "entered " + millis + " ms after the creation");

        Response moved = marketer.patch("/contacts/" + becker.path("id").asText(), "\"" + becker.path("version").asLong() + "\"", Map.of("country", "Austria"));
        assertEquals(200, moved.status(), moved.raw().body());
        await("Becker leaves", () -> members(segment).path("count").asInt() == 0, 10);
        JsonNode history = marketer.get("/segments/" + segment + "/members/history").body().path("items");
        assertEquals("exited", history.get(0).path("event").asText());
        assertEquals("entered", history.get(1).path("event").asText());

        Response preview = marketer.post("/marketing/segment-preview", Map.of("filter", "country eq 'Austria'"));
        assertEquals(1, preview.body().path("count").asInt(), preview.raw().body());
        Response bad = marketer.post("/marketing/segment-preview", Map.of("filter", "country eq"));
        assertEquals(422, bad.status(), bad.raw().body());
        assertTrue(bad.raw().body().contains("filter"), bad.raw().body());
    }

    @Test
    @Order(2)
    void aStaticListIsFilledFromACsvOfEmails() {
        for (String name : List.of("Adams", "Brown", "Clark")) {
            created(marketer.post("/contacts", Map.of("lastName", name, "email", name.toLowerCase() + "@fair.test")));
        }
        String list = created(marketer.post("/segments", Map.of("name", "Trade fair", "segmentType", "Static"))).path("id").asText();
        Response added = marketer.raw("POST", "/segments/" + list + "/members/csv", "text/csv",
                "email\nadams@fair.test\nbrown@fair.test\nnobody@fair.test\n");
        assertEquals(200, added.status(), added.raw().body());
        assertEquals(2, added.body().path("added").asInt());
        assertEquals("nobody@fair.test", added.body().path("unmatched").get(0).asText());
        assertEquals(2, members(list).path("count").asInt());
    }

    @Test
    @Order(3)
    void aSalesRepReadsSegmentsButOnlyAMarketerBuildsThem() {
        assertEquals(403, rep.post("/segments", Map.of("name", "Mine", "filter", "country eq 'France'")).status());
        assertEquals(200, rep.get("/segments").status());
        String list = created(marketer.post("/segments", Map.of("name", "VIP", "segmentType", "Static"))).path("id").asText();
        assertEquals(403, rep.raw("POST", "/segments/" + list + "/members/csv", "text/csv", "adams@fair.test\n").status());
    }

    @Test
    @Order(4)
    void aDoubleOptInCountsOnceTheLinkInTheConfirmationMailIsFollowedAndTheLinkWorksOnce() throws Exception {
        String purpose = created(admin.post("/consentPurposes", Map.of("name", "Newsletter", "consentText", "Monthly news"))).path("id").asText();
        String contact = created(marketer.post("/contacts", Map.of("lastName", "Optin", "email", "optin@rapport.test"))).path("id").asText();
        Response signUp = marketer.post("/consents/sign-ups", Map.of("contactId", contact, "purposeId", purpose, "channel", "Email", "source", "Web form"));
        assertEquals(202, signUp.status(), signUp.raw().body());
        Map<String, Object> ask = Map.of("purposeId", purpose, "channel", "Email", "contactIds", List.of(contact));
        assertEquals(0, marketer.post("/consents/allowed", ask).body().path("allowed").size(), "pending does not count");

        String text = awaitMail("optin@rapport.test", "Please confirm: Newsletter");
        Matcher link = Pattern.compile("/api/v1/consents/confirm\\?token=(\\S+)").matcher(text);
        assertTrue(link.find(), text);
        RestClient anyone = new RestClient(running.server.baseUrl + "/api/v1");
        assertEquals(200, anyone.get("/consents/confirm?token=" + link.group(1)).status());
        assertEquals(410, anyone.get("/consents/confirm?token=" + link.group(1)).status(), "a link works once");
        assertEquals(400, anyone.get("/consents/confirm?token=" + link.group(1).replace('A', 'B') + "x").status());
        assertEquals(List.of(contact), List.of(marketer.post("/consents/allowed", ask).body().path("allowed").get(0).asText()));

        Matcher preferences = Pattern.compile("/api/v1/consents/preferences\\?token=(\\S+)").matcher(text);
        assertTrue(preferences.find(), text);
        Response withdrawn = anyone.post("/consents/preferences?token=" + preferences.group(1), Map.of("purposeId", purpose, "channel", "Email", "given", false));
        assertEquals(200, withdrawn.status(), withdrawn.raw().body());
        assertEquals(0, marketer.post("/consents/allowed", ask).body().path("allowed").size());
        assertEquals(3, admin.get("/consentEntries?filter=contact%20eq%20'" + contact + "'").body().path("items").size(),
                "pending, given, withdrawn: the ledger keeps every answer");
    }

    @Test
    @Order(5)
    void aWebFormsConsentCheckboxAsksForConfirmationByMailAndTheFormStartsItsJourney() throws Exception {
        String purpose = created(admin.post("/consentPurposes", Map.of("name", "Product news", "consentText", "News about our products")))
                .path("id").asText();
        Response badForm = admin.post("/webForms", Map.of("name", "Bad", "formKey", "bad", "consentCheckboxes", "news=Carrier pigeons|required"));
        assertEquals(422, badForm.status(), badForm.raw().body());
        assertEquals("consentCheckboxes", badForm.problemField());
        created(admin.post("/webForms", Map.of("name", "Sign up", "formKey", "sign-up", "requiredFields", "lastName,email",
                "consentCheckboxes", "news=Product news|required|Yes, send me news about your products")));
        String thanks = created(admin.post("/emailTemplates", Map.of("name", "Thanks", "recordType", "contact",
                "subject", "Thanks for signing up, {{ record.lastName }}", "textBody", "We will be in touch.",
                "htmlBody", "<html><body><p>We will be in touch.</p></body></html>"))).path("id").asText();
        String steps = "[{\"id\": \"thanks\", \"type\": \"send\", \"template\": \"" + thanks + "\"}]";
        JsonNode journey = created(marketer.post("/journeys", Map.of("name", "Sign-up thanks", "trigger", "Form submission", "webForm", "no-such-form",
                "steps", steps)));
        Response refused = marketer.patch("/journeys/" + journey.path("id").asText(), "\"" + journey.path("version").asLong() + "\"", Map.of("status", "Active"));
        assertEquals(422, refused.status(), refused.raw().body());
        assertEquals("webForm", refused.problemField());
        Response activated = marketer.patch("/journeys/" + journey.path("id").asText(), "\"" + journey.path("version").asLong() + "\"",
                Map.of("status", "Active", "webForm", "sign-up"));
        assertEquals(200, activated.status(), activated.raw().body());

        RestClient site = new RestClient(running.server.baseUrl);
        String form = "application/x-www-form-urlencoded";
        Response unticked = site.raw("POST", "/forms/leads/sign-up", form, "lastName=Former&email=former%40rapport.test");
        assertEquals(422, unticked.status(), unticked.raw().body());
        assertEquals("news", unticked.problemField(), "the problem names the checkbox as the page knows it");
        Response submitted = site.raw("POST", "/forms/leads/sign-up", form, "lastName=Former&email=former%40rapport.test&news=on");
        assertEquals(201, submitted.status(), submitted.raw().body());

        String text = awaitMail("former@rapport.test", "Please confirm: Product news");
        assertTrue(text.contains("Yes, send me news about your products"), text);
        JsonNode contacts = admin.get("/contacts?filter=email%20eq%20'former@rapport.test'").body().path("items");
        assertEquals(1, contacts.size(), "the sign-up made the person a contact");
        String contact = contacts.get(0).path("id").asText();
        JsonNode pending = admin.get("/consentEntries?filter=contact%20eq%20'" + contact + "'").body().path("items").get(0);
        assertEquals("Pending", pending.path("status").asText());
        assertEquals("Yes, send me news about your products", pending.path("shownText").asText());
        assertTrue(pending.path("source").asText().startsWith("Web form sign-up"), pending.toString());
        Map<String, Object> ask = Map.of("purposeId", purpose, "channel", "Email", "contactIds", List.of(contact));
        assertEquals(0, marketer.post("/consents/allowed", ask).body().path("allowed").size(), "pending does not count");
        Matcher link = Pattern.compile("/api/v1/consents/confirm\\?token=(\\S+)").matcher(text);
        assertTrue(link.find(), text);
        assertEquals(200, new RestClient(running.server.baseUrl + "/api/v1").get("/consents/confirm?token=" + link.group(1)).status());
        assertEquals(contact, marketer.post("/consents/allowed", ask).body().path("allowed").get(0).asText());

        awaitMail("former@rapport.test", "Thanks for signing up, Former");
        JsonNode enrolments = marketer.get("/contacts/" + contact + "/journeys").body().path("items");
        assertEquals(1, enrolments.size(), enrolments.toString());
    }

    private static JsonNode members(String segment) {
        Response r = marketer.get("/segments/" + segment + "/members");
        assertEquals(200, r.status(), r.raw().body());
        return r.body();
    }

    /** The text of the first message with the subject in the address's inbox (decoded here: no mail handlers needed). */
    private static String awaitMail(String address, String subject) throws Exception {
        MimeMessage m = greenMail.awaitMessage(address, message -> {
            try {
                return subject.equals(message.getSubject());
            } catch (MessagingException e) {
                return false;
            }
        }, 60);
        return new String(MimeUtility.decode(m.getRawInputStream(), m.getEncoding() == null ? "7bit" : m.getEncoding()).readAllBytes(),
                StandardCharsets.UTF_8);
    }

    private static String user(String name, String role) {
        Response r = admin.post("/users", Map.of("userName", name, "displayName", name, "email", name + "@rapport.example",
                "password", "password-" + name, "roles", List.of(role), "teamIds", List.of()));
        assertEquals(201, r.status(), r.raw().body());
        return name;
    }

    private static RestClient as(String name) {
        return new RestClient(running.server.baseUrl + "/api/v1").basic(name, "password-" + name);
    }

    private static JsonNode created(Response r) {
        assertEquals(201, r.status(), r.raw().body());
        return r.body();
    }

    private static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
