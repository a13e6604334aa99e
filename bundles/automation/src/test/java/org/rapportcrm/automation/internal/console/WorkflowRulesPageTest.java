package org.rapportcrm.automation.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.console.ConsoleContribution.Placement;

class WorkflowRulesPageTest {
    private static final Pattern IMPORT = Pattern.compile("(?m)^(?:import|\\} from)[^'\\n]*'([^']+)'");
    private final WorkflowRulesPage page = new WorkflowRulesPage();
    private final AutomationConsoleResources folder = new AutomationConsoleResources();

    @Test
    void theWorkflowRulesPageIsANavigationEntryOfTheAutomationCapability() {
        assertEquals(Placement.NAVIGATION, page.placement());
        assertEquals("Workflow rules", page.label());
        assertEquals("/app/ext/automation/workflow-rules-page.js", page.moduleUrl());
        assertTrue(page.tagName().matches("rp-[a-z-]+-v\\d+"), page.tagName());
    }

    @Test
    void itsModuleDefinesTheTagItIsListedWith() throws IOException {
        assertTrue(read(folder.folder() + "/workflow-rules-page.js").contains("customElements.define('" + page.tagName() + "'"));
    }

    /** Every module the page loads is in the bundle, and none reaches into the console shell past its SDK. */
    @Test
    void itsModulesUseTheConsoleOnlyThroughItsSdk() throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> toRead = new ArrayDeque<>(Set.of("workflow-rules-page.js"));
        while (!toRead.isEmpty()) {
            String file = toRead.pop();
            if (!seen.add(file)) {
                continue;
            }
            Matcher m = IMPORT.matcher(read(folder.folder() + "/" + file));
            while (m.find()) {
                String imported = m.group(1);
                if (imported.startsWith("./")) {
                    toRead.push(imported.substring(2));
                } else if (imported.startsWith("/")) {
                    assertEquals("/app/sdk/v1.js", imported, file + " imports a file of the console shell");
                } else {
                    assertTrue(imported.equals("lit") || imported.startsWith("lit/"), file + " imports " + imported);
                }
            }
        }
        assertEquals(Set.of("workflow-rules-page.js", "rule-form.js", "rule-model.js"), seen);
    }

    private String read(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is in the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
