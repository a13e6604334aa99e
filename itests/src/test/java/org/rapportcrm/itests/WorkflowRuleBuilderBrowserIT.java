package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.rapportcrm.itests.RestClient.Response;

/**
 * The console's workflow rule builder in headless Chromium, on a server of its own with the automation capability: an
 * administrator builds a field-change rule with a condition on the value before the change and two actions, sees the
 * server's refusal of a bad setting on that setting's input, saves it, tries it on a record picked by name, and sees
 * its run in the history once the record changes. The saved rule is exactly the JSON the REST API takes.
 */
class WorkflowRuleBuilderBrowserIT {
    private static final Duration RULE_RUN = Duration.ofSeconds(60);
    private static RapportServer.Running running;
    private static RestClient admin;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void aServerWithAutomation() throws IOException {
        running = RapportServer.Running.start(Map.of(), Map.of(), "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-automation", Map.of()).status());
        browser = new ConsoleBrowser(1400, 1000, null);
        browser.waiting("the workflow rule type").withTimeout(RULE_RUN).until(d -> admin.get("/metadata/workflowRule").status() == 200);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        running.close();
    }

    @Test
    void anAdministratorBuildsAFieldChangeRuleTriesItAndSeesItRun() throws IOException {
        browser.screenshotOnFailure("WorkflowRuleBuilderBrowserIT", this::walkThrough);
    }

    private void walkThrough() {
        String stamp = Long.toString(System.nanoTime(), 36);
        String ruleName = "Banks get a call " + stamp;
        String accountName = "Builder Bank " + stamp;
        Response account = admin.post("/accounts", Map.of("name", accountName, "industry", "Retail"));
        assertEquals(201, account.status(), account.raw().body());
        String accountId = account.body().path("id").asText();

        browser.driver.get(running.server.baseUrl + "/");
        browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
        browser.click("nav-page-automation-workflow-rules");
        browser.click("rule-new");

        browser.type("rule-name", ruleName);
        browser.choose("rule-record-type", "account");
        browser.choose("rule-trigger", "Field_changed");
        browser.choose("rule-trigger-field", "industry");
        browser.chooseOption("rule-to", "option-toValue-Banking");

        browser.click("condition-add");
        browser.choose("condition-0-field", "name");
        browser.choose("condition-0-op", "sw");
        browser.type("condition-0-value", "Builder");
        browser.click("condition-add");
        browser.choose("condition-1-when", "previous");
        browser.choose("condition-1-field", "industry");
        browser.choose("condition-1-op", "ne");
        browser.chooseOption("condition-1-value", "option-condition1-Banking");

        browser.click("action-add");
        browser.choose("action-0-type", "record.create-task");
        browser.type("action-0-param-subject", "Call {{name}}");
        browser.type("action-0-param-dueInDays", "1.5");
        browser.click("action-add");
        browser.choose("action-1-type", "record.update");
        browser.click("action-1-row-add");
        browser.choose("action-1-row-0-field", "city");
        browser.type("action-1-row-0-value", "Zurich");
        browser.click("action-1-up"); // the update first, then the task

        browser.click("rule-save");
        WebElement error = browser.deep("[data-testid=\"error-actions1-dueInDays\"]", null);
        assertTrue(error.getText().contains("whole number"), "the refusal is shown on the setting it names: " + error.getText());
        assertEquals(0, rules(ruleName).size(), "nothing is saved while the server refuses it");

        browser.nativeInput(browser.byTestId("action-1-param-dueInDays")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "2");
        browser.click("rule-save");
        browser.byTestId("rule-" + ruleName);
        JsonNode rule = browser.waiting("the rule is saved").until(d -> rules(ruleName).size() == 1 ? rules(ruleName).get(0) : null);
        assertEquals("account", rule.path("recordType").asText());
        assertEquals("Field changed", rule.path("trigger").asText());
        assertEquals("industry", rule.path("triggerField").asText());
        assertEquals("Banking", rule.path("toValue").asText());
        assertTrue(rule.path("fromValue").isNull(), rule.toString());
        assertEquals("name sw 'Builder' and previous.industry ne 'Banking'", rule.path("condition").asText());
        assertEquals("[{\"action\":\"record.update\",\"parameters\":{\"city\":\"Zurich\"}},"
                + "{\"action\":\"record.create-task\",\"parameters\":{\"subject\":\"Call {{name}}\",\"dueInDays\":2}}]",
                rule.path("actions").asText());

        browser.click("rule-view-test");
        browser.type("rule-test-record", "Builder Bank " + stamp);
        browser.click(browser.deep("[data-testid=\"ref-option\"]", accountName));
        browser.click("rule-test-run");
        browser.waitForText("rule-test-result", "Set city to 'Zurich'");
        browser.waitForText("rule-test-result", "Create the task 'Call " + accountName + "'");
        assertEquals("Retail", admin.get("/accounts/" + accountId).body().path("industry").asText(), "trying changes nothing");

        browser.click("rule-view-history");
        browser.byTestId("rule-runs-empty");
        JsonNode current = admin.get("/accounts/" + accountId).body();
        Response changed = admin.patch("/accounts/" + accountId, "\"" + current.path("version").asLong() + "\"", Map.of("industry", "Banking"));
        assertEquals(200, changed.status(), changed.raw().body());
        browser.waiting("the run appears in the history").withTimeout(RULE_RUN).until(d -> {
            browser.click("rule-runs-refresh");
            WebElement status = browser.deepOrNull("[data-testid=\"rule-run-status\"]", "Done");
            return status != null;
        });
        WebElement run = browser.deep("[data-testid=\"rule-run\"]", null);
        assertTrue(run.getText().contains("Set city to 'Zurich'"), "the history says what the run did: " + run.getText());
        assertEquals("Zurich", admin.get("/accounts/" + accountId).body().path("city").asText());
    }

    private static List<JsonNode> rules(String name) {
        Response r = admin.get("/workflowRules?filter=" + RestClient.q("name eq '" + name + "'"));
        assertEquals(200, r.status(), r.raw().body());
        List<JsonNode> items = new ArrayList<>();
        r.body().path("items").forEach(items::add);
        return items;
    }
}
