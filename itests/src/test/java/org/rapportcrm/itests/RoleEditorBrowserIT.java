package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An administrator makes a role in the console, hides a field from it, gives it a line for leads, and deletes it again. */
@ExtendWith(RapportServer.class)
class RoleEditorBrowserIT {
    private static ConsoleBrowser browser;
    private static RapportServer server;
    private static RestClient admin;

    @BeforeAll
    static void startBrowser(RapportServer s) throws IOException {
        server = s;
        admin = new RestClient(s).basic("admin", RapportServer.ADMIN_PASSWORD);
        browser = new ConsoleBrowser(1280, 900, null);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdministratorDefinesARoleDownToItsFields() throws IOException {
        browser.screenshotOnFailure("RoleEditorBrowserIT", this::walkThrough);
    }

    private void walkThrough() {
        String name = "field-agents-" + Long.toString(System.currentTimeMillis(), 36);
        browser.driver.get(server.baseUrl + "/");
        browser.type("login-username", "admin");
        browser.type("login-password", RapportServer.ADMIN_PASSWORD);
        browser.click("login-submit");
        browser.click("nav-admin");
        browser.click("admin-tab-roles");

        browser.click("role-new");
        browser.type("role-name", name);
        browser.type("role-label", "Field agents");
        browser.click("permission-export");
        browser.choose("field-rule-type", "contact");
        browser.choose("field-rule-field", "birthdate");
        browser.click("field-rule-add");
        browser.click("field-rule-contact-birthdate-read");
        browser.click("role-save");
        browser.byTestId("role-" + name);

        JsonNode role = awaitRole(name, r -> r.path("fields").size() == 1);
        assertEquals("Field agents", role.path("label").asText());
        assertTrue(role.path("permissions").toString().contains("export"));
        assertEquals("birthdate", role.path("fields").path(0).path("field").asText());
        assertFalse(role.path("fields").path(0).path("read").asBoolean(), "hidden");

        browser.choose("grant-add-type", "lead");
        browser.click("grant-add");
        browser.choose("grant-lead-edit", "OWN");
        browser.click("role-save");
        JsonNode changed = awaitRole(name, r -> r.path("version").asInt() == 2);
        assertTrue(changed.path("grants").toString().contains("\"recordType\":\"lead\""), changed.toString());

        browser.click("role-delete");
        browser.driver.switchTo().alert().accept();
        browser.waiting("the role is gone").until(d -> admin.get("/roles/" + name).status() == 404);
    }

    private static JsonNode awaitRole(String name, java.util.function.Predicate<JsonNode> condition) {
        return browser.waiting("the role " + name + " saved as expected").until(d -> {
            RestClient.Response r = admin.get("/roles/" + name);
            return r.status() == 200 && condition.test(r.body()) ? r.body() : null;
        });
    }
}
