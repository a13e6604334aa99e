package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.support.ui.FluentWait;
import org.rapportcrm.itests.RestClient.Response;

/**
 * The knowledge base in the real distribution, with the service capability installed at runtime: the REST contract of
 * articles with bad input refused by field, an agent who writes and submits but may not publish, a knowledge editor
 * who publishes, search by a word of the body, suggestions on a case, links counted, a revision published while
 * readers see the published text, and a portal user who reads only published portal articles and is counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnowledgeIT {
    private static RapportServer.Running running;
    private static RestClient admin;
    private static final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    static void aServerWithTheServiceCapability() {
        running = RapportServer.Running.start(Map.of());
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-service", Map.of()).status());
        await("the article type", () -> admin.get("/metadata/knowledgeArticle").status() == 200, 90);
        ids.put("account", created(admin.post("/accounts", Map.of("name", "Acme Rockets"))).path("id").asText());
        user("sam", List.of("service"), null);
        user("erin", List.of("service", "knowledge-editor"), null);
        user("pat", List.of("portal"), ids.get("account"));
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static RestClient as(String user) {
        return new RestClient(running.server.baseUrl + "/api/v1").basic(user, "password-" + user);
    }

    private static void user(String name, List<String> roles, String accountId) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("userName", name, "displayName", name, "email", name + "@rapport.example",
                "password", "password-" + name, "roles", roles));
        if (accountId != null) {
            body.put("accountId", accountId);
        }
        Response r = admin.post("/users", body);
        assertEquals(201, r.status(), r.raw().body());
    }

    private static JsonNode created(Response r) {
        assertEquals(201, r.status(), r.raw().body());
        return r.body();
    }

    private static JsonNode ok(Response r) {
        assertEquals(200, r.status(), r.raw().body());
        return r.body();
    }

    private static List<String> ids(JsonNode items) {
        List<String> found = new ArrayList<>();
        items.forEach(i -> found.add(i.path("id").asText()));
        return found;
    }

    @Test
    @Order(1)
    void articlesAreRefusedByFieldAndTheirBodiesSanitised() {
        RestClient sam = as("sam");
        Response missing = sam.post("/knowledgeArticles", Map.of("summary", "No title"));
        assertEquals(422, missing.status());
        assertEquals("title", missing.problemField());
        for (String field : List.of("status", "visibility", "category")) {
            Response bad = sam.post("/knowledgeArticles", Map.of("title", "x", field, "Nonsense"));
            assertEquals(422, bad.status(), field + ": " + bad.raw().body());
            assertEquals(field, bad.problemField());
        }
        JsonNode draft = created(sam.post("/knowledgeArticles", Map.of("title", "Password reset e-mail never arrives",
                "summary", "What to check when the reset e-mail does not reach you.", "category", "Troubleshooting", "visibility", "Portal",
                "keywords", "password reset spam", "body", "<p>Look in the quarantine folder.<script>alert(1)</script></p>")));
        assertEquals("<p>Look in the quarantine folder.</p>", draft.path("body").asText());
        assertEquals("Draft", draft.path("status").asText());
        ids.put("article", draft.path("id").asText());
        Response noVersion = sam.post("/knowledgeArticles/" + ids.get("article") + "/restore", Map.of());
        assertEquals("version", noVersion.problemField(), noVersion.raw().body());
        assertTrue(noVersion.status() == 400 || noVersion.status() == 422, noVersion.raw().body());
    }

    @Test
    @Order(2)
    void anAgentSubmitsForReviewButOnlyAnEditorPublishes() {
        RestClient sam = as("sam");
        String article = "/knowledgeArticles/" + ids.get("article");
        Response read = sam.get(article);
        ok(sam.patch(article, read.header("ETag"), Map.of("status", "In review")));
        Response patch = sam.patch(article, sam.get(article).header("ETag"), Map.of("status", "Published"));
        assertEquals(403, patch.status(), patch.raw().body());
        assertEquals("status", patch.problemField());
        assertEquals(403, sam.post(article + "/publish", Map.of()).status());

        JsonNode published = ok(as("erin").post(article + "/publish", Map.of()));
        assertEquals("Published", published.path("status").asText());
        assertEquals(1, published.path("versionNumber").asInt());
        JsonNode versions = ok(sam.get("/knowledgeArticleVersions?filter=" + RestClient.q("article eq '" + ids.get("article") + "'")));
        assertEquals(1, versions.path("items").size());
        assertEquals(403, as("erin").patch("/knowledgeArticleVersions/" + versions.path("items").get(0).path("id").asText(), "\"1\"",
                Map.of("title", "Rewritten")).status(), "a version is never changed");

        ids.put("internal", created(admin.post("/knowledgeArticles", Map.of("title", "Refund policy for agents", "status", "Published",
                "body", "<p>Refunds up to 100 EUR need no approval.</p>"))).path("id").asText());
        ids.put("draft", created(sam.post("/knowledgeArticles", Map.of("title", "Dark mode", "visibility", "Portal"))).path("id").asText());
    }

    @Test
    @Order(3)
    void searchFindsAPublishedArticleByAWordOfItsBodyAndCasesAreSuggestedIt() {
        RestClient sam = as("sam");
        await("the search index has the body's words", () -> sam.get("/search?q=quarantine").raw().body().contains(ids.get("article")), 30);

        String caseId = created(sam.post("/cases", Map.of("subject", "Reset e-mail for my password never came",
                "description", "I asked three times", "account", ids.get("account")))).path("id").asText();
        ids.put("case", caseId);
        await("the article is suggested", () -> {
            JsonNode items = sam.get("/cases/" + caseId + "/suggestedArticles").body().path("items");
            return items.size() > 0 && items.get(0).path("id").asText().equals(ids.get("article"));
        }, 30);
        assertFalse(ids(ok(sam.get("/cases/" + caseId + "/suggestedArticles?limit=20")).path("items")).contains(ids.get("draft")),
                "drafts are not suggested");
        assertEquals(400, sam.get("/cases/" + caseId + "/suggestedArticles?limit=0").status());

        created(sam.post("/caseArticles", Map.of("case", caseId, "article", ids.get("article"))));
        assertEquals(1, ok(sam.get("/knowledgeArticles/" + ids.get("article"))).path("linkedCases").asInt());
        Response twice = sam.post("/caseArticles", Map.of("case", caseId, "article", ids.get("article")));
        assertEquals(422, twice.status());
        assertEquals("article", twice.problemField());
        JsonNode kpis = ok(sam.get("/knowledge/kpis"));
        assertEquals(2, kpis.path("byStatus").path("Published").asInt(), kpis.toString());
        assertEquals(ids.get("article"), kpis.path("mostUsed").get(0).path("id").asText());
    }

    @Test
    @Order(4)
    void aPortalUserReadsOnlyPublishedPortalArticlesAndIsCounted() {
        RestClient pat = as("pat");
        assertEquals(List.of(ids.get("article")), ids(ok(pat.get("/knowledgeArticles?limit=100")).path("items")));
        assertEquals(404, pat.get("/knowledgeArticles/" + ids.get("internal")).status());
        assertEquals(404, pat.get("/knowledgeArticles/" + ids.get("draft")).status());
        assertEquals(403, pat.get("/knowledgeArticleVersions").status());
        assertEquals(403, pat.patch("/knowledgeArticles/" + ids.get("article"), pat.get("/knowledgeArticles/" + ids.get("article")).header("ETag"),
                Map.of("title", "Defaced")).status());
        assertEquals(403, pat.post("/knowledgeArticles", Map.of("title", "Planted")).status());
        await("the portal user's search finds the article", () -> pat.get("/search?q=quarantine").raw().body().contains(ids.get("article")), 30);
        assertFalse(pat.get("/search?q=refunds").raw().body().contains(ids.get("internal")));

        assertEquals(1, ok(pat.post("/knowledgeArticles/" + ids.get("article") + "/viewed", Map.of())).path("views").asInt());
        assertEquals(1, ok(pat.post("/knowledgeArticles/" + ids.get("article") + "/feedback", Map.of("helpful", true))).path("count").asInt());
        int noAnswer = pat.post("/knowledgeArticles/" + ids.get("article") + "/feedback", Map.of()).status();
        assertTrue(noAnswer == 400 || noAnswer == 422, "an answer is needed: " + noAnswer);
        assertEquals(404, pat.post("/knowledgeArticles/" + ids.get("internal") + "/viewed", Map.of()).status());
    }

    @Test
    @Order(5)
    void aRevisionIsPublishedInPlaceWhileReadersSeeThePublishedText() {
        String article = "/knowledgeArticles/" + ids.get("article");
        JsonNode revision = ok(as("sam").post(article + "/revise", Map.of()));
        assertEquals(ids.get("article"), revision.path("revisionOf").asText());
        ok(as("sam").patch("/knowledgeArticles/" + revision.path("id").asText(), "\"" + revision.path("version").asText() + "\"",
                Map.of("title", "Password reset e-mail does not arrive")));
        assertEquals("Password reset e-mail never arrives", ok(as("pat").get(article)).path("title").asText());

        JsonNode published = ok(as("erin").post("/knowledgeArticles/" + revision.path("id").asText() + "/publish", Map.of()));
        assertEquals(ids.get("article"), published.path("id").asText());
        assertEquals(2, published.path("versionNumber").asInt());
        assertEquals("Password reset e-mail does not arrive", ok(as("pat").get(article)).path("title").asText());
        assertEquals(1, ok(as("pat").get(article)).path("views").asInt(), "counts survive a new version");
    }

    @Test
    @Order(6)
    void inTheConsoleAnEditorSeesTheHistoryAndAnAgentLinksASuggestionWithOneClick() throws IOException {
        String caseId = created(as("sam").post("/cases", Map.of("subject", "Reset e-mail for the password not received"))).path("id").asText();
        await("the article is suggested", () -> as("sam").get("/cases/" + caseId + "/suggestedArticles").raw().body().contains(ids.get("article")), 30);
        try (ConsoleBrowser browser = new ConsoleBrowser(1280, 900, null)) {
            browser.screenshotOnFailure("KnowledgeIT-console", () -> {
                browser.driver.get(running.server.baseUrl + "/");
                browser.signIn("erin", "password-erin");
                browser.click("nav-page-knowledge-base");
                browser.click(browser.deep("[data-testid=\"kb-articles\"] button", "Password reset e-mail does not arrive"));
                browser.deep("[data-testid=\"article-versions\"] td", "Password reset e-mail never arrives");
                browser.click("kb-new");
                browser.type("article-title", "Written in the console");
                browser.click("article-save");
                browser.deep("[data-testid=\"kb-articles\"] button", "Written in the console");
                browser.deep("[data-testid=\"article-publish\"]", null);

                browser.driver.get(running.server.baseUrl + "/#/cases/" + caseId);
                browser.byTestId("panel-knowledge-case-articles");
                browser.click(browser.deep("[data-testid=\"link-article\"]", null));
                browser.deep("[data-testid=\"case-linked-articles\"]", "Password reset e-mail does not arrive");
                assertEquals(List.of(), browser.consoleErrors());
            });
        }
        assertEquals(2, ok(admin.get("/knowledgeArticles/" + ids.get("article"))).path("linkedCases").asInt());
    }

    /** Polls until {@code condition} holds, failing after {@code seconds} with {@code what}. */
    private static void await(String what, BooleanSupplier condition, int seconds) {
        new FluentWait<>(condition).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(200))
                .withMessage(() -> what).until(BooleanSupplier::getAsBoolean);
    }
}
