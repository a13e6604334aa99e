package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.sales.internal.lead.CaptureSupport.FORM_ENCODED;
import static org.rapportcrm.sales.internal.lead.CaptureSupport.JSON;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.sales.internal.SalesFixture;

class LeadCaptureTest {
    private final SalesFixture fixture = new SalesFixture();
    private final CaptureSupport capture = new CaptureSupport(fixture);

    @BeforeEach
    void contactUsForm() {
        capture.webForm("contact-us", Map.of("fieldMapping", "surname=lastName\nmail=email\norganisation=company",
                "requiredFields", "lastName,email"));
    }

    @Test
    void aFormPostBecomesANewWebLeadThroughTheFormsMapping() {
        CaptureResponse r = capture.post("contact-us", FORM_ENCODED,
                "surname=Ito&mail=ito%40kaze.jp&organisation=Kaze+KK&firstName=Hana&utm_campaign=spring");

        assertEquals(201, r.status());
        assertEquals("received", r.body().get("status"));
        Record lead = capture.lead((String) r.body().get("id"));
        assertEquals("Ito", lead.get("lastName"));
        assertEquals("Hana", lead.get("firstName"));
        assertEquals("ito@kaze.jp", lead.get("email"));
        assertEquals("Kaze KK", lead.get("company"));
        assertEquals("Web form", lead.get("source"));
        assertEquals("contact-us", lead.get("webForm"));
        assertEquals("New", lead.get("status"));
        assertEquals("*", r.headers().get("Access-Control-Allow-Origin"));
    }

    @Test
    void scriptsPostJsonAndListsOfValuesBecomeOneText() {
        CaptureResponse r = capture.post("contact-us", JSON + "; charset=utf-8",
                "{\"surname\": \"Okafor\", \"mail\": \"ada@example.org\", \"description\": [\"CRM\", \"Quotes\"], \"meta\": {\"page\": 3}}");

        assertEquals(201, r.status());
        Record lead = capture.lead((String) r.body().get("id"));
        assertEquals("Okafor", lead.get("lastName"));
        assertEquals("CRM, Quotes", lead.get("description"));
    }

    @Test
    void missingRequiredFieldsAreNamedAsTheFormNamesThemAndNothingIsCreated() {
        CaptureResponse r = capture.post("contact-us", FORM_ENCODED, "organisation=Kaze+KK&mail=");

        assertEquals(422, r.status());
        assertEquals(CaptureResponse.PROBLEM_JSON, r.contentType());
        assertEquals("https://rapportcrm.org/problems/validation-failed", r.body().get("type"));
        assertEquals("Validation failed", r.body().get("title"));
        assertEquals(422, r.body().get("status"));
        assertEquals("/forms/leads/contact-us", r.body().get("instance"));
        assertEquals(List.of(Map.of("field", "surname", "code", "required", "message", "is required"),
                Map.of("field", "mail", "code", "required", "message", "is required")), r.errors());
        assertEquals(0, capture.leadCount());
    }

    @Test
    void aMalformedEmailIsRefusedByThePlatformAndNamedAsTheFormNamesIt() {
        CaptureResponse r = capture.post("contact-us", FORM_ENCODED, "surname=Ito&mail=not-an-email");

        assertEquals(422, r.status());
        assertEquals(1, r.errors().size());
        assertEquals("mail", r.errors().get(0).get("field"));
        assertEquals("format", r.errors().get(0).get("code"));
        assertEquals(0, capture.leadCount());
    }

    @Test
    void aFieldNamedLikeALeadFieldIsNamedAsPostedWhenRefused() {
        capture.webForm("direct", Map.of("requiredFields", "lastName"));
        CaptureResponse r = capture.post("direct", FORM_ENCODED, "LastName=Ito&Email=nope");

        assertEquals(422, r.status());
        assertEquals("Email", r.errors().get(0).get("field"));
    }

    @Test
    void aJsonObjectIsNoValueForALeadField() {
        CaptureResponse r = capture.post("contact-us", JSON, "{\"surname\": {\"family\": \"Ito\"}, \"mail\": \"ito@kaze.jp\"}");

        assertEquals(422, r.status());
        assertEquals("surname", r.errors().get(0).get("field"));
        assertEquals("type", r.errors().get(0).get("code"));
    }

    @Test
    void aFormCannotSetWhatTheCaptureProcessOrThePlatformSets() {
        CaptureResponse r = capture.post("contact-us", FORM_ENCODED,
                "surname=Ito&mail=ito%40kaze.jp&status=Converted&score=99&source=Partner&webForm=other&owner=someone&matchedLead=x");

        assertEquals(201, r.status());
        Record lead = capture.lead((String) r.body().get("id"));
        assertEquals("New", lead.get("status"));
        assertEquals(0L, lead.get("score"));
        assertEquals("Web form", lead.get("source"));
        assertEquals("contact-us", lead.get("webForm"));
        assertNull(lead.get("matchedLead"));
        assertNull(lead.getOwner());
    }

    @Test
    void theFormsLeadSourceIsGivenToItsLeads() {
        capture.webForm("expo", Map.of("leadSource", "Event", "requiredFields", "lastName"));
        CaptureResponse r = capture.post("expo", FORM_ENCODED, "lastName=Ito");

        assertEquals("Event", capture.lead((String) r.body().get("id")).get("source"));
    }

    @Test
    void aFilledHoneypotIsAnsweredLikeASuccessButCreatesNothing() {
        CaptureResponse r = capture.post("contact-us", FORM_ENCODED, "surname=Bot&mail=bot%40spam.example&website_url=http%3A%2F%2Fspam.example");

        assertEquals(201, r.status());
        assertEquals("received", r.body().get("status"));
        assertNotNull(r.body().get("id"));
        assertEquals(0, capture.leadCount());
    }

    @Test
    void anEmptyHoneypotIsNeitherAnErrorNorALeadField() {
        capture.webForm("trap", Map.of("honeypotField", "company", "requiredFields", "lastName"));
        CaptureResponse r = capture.post("trap", FORM_ENCODED, "lastName=Ito&company=");

        assertEquals(201, r.status());
        assertNull(capture.lead((String) r.body().get("id")).get("company"));
    }

    @Test
    void aBrowserPostGoesOnToTheFormsRedirectWhileScriptsGetJson() {
        capture.webForm("newsletter", Map.of("requiredFields", "email", "redirectUrl", "https://www.example.com/thanks"));

        CaptureResponse browser = capture.post("newsletter", FORM_ENCODED, "email=a%40example.com&lastName=A");
        assertEquals(303, browser.status());
        assertEquals("https://www.example.com/thanks", browser.headers().get("Location"));

        CaptureResponse script = capture.post("newsletter", JSON, "{\"email\": \"b@example.com\", \"lastName\": \"B\"}");
        assertEquals(201, script.status());
        assertEquals(2, capture.leadCount());
    }

    @Test
    void aRedirectToASiteNoLongerAllowedIsNotFollowed() {
        capture.webForm("moved", Map.of("requiredFields", "email", "redirectUrl", "https://elsewhere.example.org/thanks"));
        CaptureResponse browser = capture.post("moved", FORM_ENCODED, "email=a%40example.com&lastName=A");
        assertEquals(201, browser.status(), "the lead is taken, but the browser is sent nowhere");
        assertNull(browser.headers().get("Location"));
    }

    @Test
    void anUnknownOrInactiveFormIsNotFound() {
        capture.webForm("retired", Map.of("active", false));

        for (String key : List.of("retired", "no-such-form")) {
            CaptureResponse r = capture.post(key, FORM_ENCODED, "lastName=Ito&email=ito%40kaze.jp");
            assertEquals(404, r.status(), key);
            assertEquals("Not found", r.body().get("title"));
            assertEquals("No active web form '" + key + "'", r.body().get("detail"));
        }
        assertEquals(0, capture.leadCount());
    }

    @Test
    void postsTooManyPerMinuteFromOneAddressAreRefusedWithRetryAfter() {
        CaptureSupport limited = new CaptureSupport(fixture, 2, false, new MutableClock(Instant.parse("2026-05-01T10:00:00Z")));
        assertEquals(201, limited.post("contact-us", FORM_ENCODED, "surname=A&mail=a%40x.org", "203.0.113.9", null).status());
        assertEquals(201, limited.post("contact-us", FORM_ENCODED, "surname=B&mail=b%40x.org", "203.0.113.9", null).status());

        CaptureResponse third = limited.post("contact-us", FORM_ENCODED, "surname=C&mail=c%40x.org", "203.0.113.9", null);
        assertEquals(429, third.status());
        assertEquals("30", third.headers().get("Retry-After"));
        assertEquals("Too many requests", third.body().get("title"));
        assertEquals(201, limited.post("contact-us", FORM_ENCODED, "surname=D&mail=d%40x.org", "203.0.113.10", null).status());
        assertEquals(3, capture.leadCount());
    }

    @Test
    void forwardedForNamesTheClientOnlyBehindATrustedProxy() {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
        CaptureSupport direct = new CaptureSupport(fixture, 1, false, clock);
        assertEquals(201, direct.post("contact-us", FORM_ENCODED, "surname=A&mail=a%40x.org", "10.0.0.1", "203.0.113.1").status());
        assertEquals(429, direct.post("contact-us", FORM_ENCODED, "surname=B&mail=b%40x.org", "10.0.0.1", "203.0.113.2").status(),
                "a client cannot escape the limit by inventing X-Forwarded-For");

        CaptureSupport proxied = new CaptureSupport(fixture, 1, true, clock);
        assertEquals(201, proxied.post("contact-us", FORM_ENCODED, "surname=A&mail=a%40x.org", "10.0.0.1", "203.0.113.1").status());
        assertEquals(201, proxied.post("contact-us", FORM_ENCODED, "surname=B&mail=b%40x.org", "10.0.0.1", "203.0.113.2").status());
        assertEquals(429, proxied.post("contact-us", FORM_ENCODED, "surname=C&mail=c%40x.org", "10.0.0.1", "1.2.3.4, 203.0.113.2").status(),
                "the proxy's own entry (the last) counts, not what the client put in front");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherDeclaredOrNot() {
        String big = "surname=Ito&mail=ito%40kaze.jp&description=" + "x".repeat(70 * 1024);
        assertEquals(413, capture.post("contact-us", FORM_ENCODED, big).status());

        InputStream undeclared = new ByteArrayInputStream(big.getBytes());
        CaptureResponse r = capture.handler.handle(new CaptureRequest("POST", "/leads/contact-us", FORM_ENCODED, -1, undeclared,
                "198.51.100.7", null));
        assertEquals(413, r.status());
        assertEquals("Payload too large", r.body().get("title"));
        assertEquals(0, capture.leadCount());
    }

    @Test
    void otherMediaTypesMalformedBodiesMethodsAndPathsAreClientErrors() {
        assertEquals(415, capture.post("contact-us", "text/plain", "surname=Ito").status());
        assertEquals(415, capture.post("contact-us", "multipart/form-data; boundary=x", "--x--").status());
        assertEquals(400, capture.post("contact-us", JSON, "{\"surname\": ").status());
        assertEquals(400, capture.post("contact-us", JSON, "[\"Ito\"]").status());
        assertEquals(400, capture.post("contact-us", JSON, "{\"surname\": \"Ito\"} {}").status());
        assertEquals(400, capture.post("contact-us", JSON, "").status());
        assertEquals(400, capture.post("contact-us", FORM_ENCODED, "surname=%E0%A4%A").status());

        CaptureResponse get = capture.handler.handle(new CaptureRequest("GET", "/leads/contact-us", null, -1,
                InputStream.nullInputStream(), "198.51.100.7", null));
        assertEquals(405, get.status());
        assertEquals("POST, OPTIONS", get.headers().get("Allow"));

        CaptureResponse elsewhere = capture.handler.handle(new CaptureRequest("POST", "/contacts/contact-us", JSON, 2,
                new ByteArrayInputStream("{}".getBytes()), "198.51.100.7", null));
        assertEquals(404, elsewhere.status());
        assertEquals(0, capture.leadCount());
    }

    @Test
    void aCrossOriginScriptMayAskBeforePosting() {
        CaptureResponse preflight = capture.handler.handle(new CaptureRequest("OPTIONS", "/leads/contact-us", null, -1,
                InputStream.nullInputStream(), "198.51.100.7", null));

        assertEquals(204, preflight.status());
        assertEquals("*", preflight.headers().get("Access-Control-Allow-Origin"));
        assertEquals("POST", preflight.headers().get("Access-Control-Allow-Methods"));
        assertTrue(preflight.headers().get("Access-Control-Allow-Headers").contains("Content-Type"));
    }
}
