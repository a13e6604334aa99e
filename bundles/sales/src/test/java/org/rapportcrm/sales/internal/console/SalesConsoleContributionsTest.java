package org.rapportcrm.sales.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleContribution.Placement;

class SalesConsoleContributionsTest {
    private static final List<ConsoleContribution> ALL = List.of(new PipelinePage(), new ForecastPage(), new SalesKpiWidget(),
            new LeadConversionPanel(), new QuotePanel(), new AccountOpportunitiesPanel(), new ContactOpportunitiesPanel());
    private static final Pattern IMPORT = Pattern.compile("(?m)^(?:import|\\} from)[^'\\n]*'(\\./[^']+)'");

    @Test
    void theSalesConsoleHasTwoPagesAWidgetAndPanelsOnLeadQuoteAccountAndContactPages() {
        assertEquals(Set.of("Pipeline", "Forecast"), labels(Placement.NAVIGATION));
        assertEquals(Set.of("Sales this quarter"), labels(Placement.DASHBOARD_WIDGET));
        assertEquals(Set.of("lead", "quote", "account", "contact"), ALL.stream()
                .filter(c -> c.placement() == Placement.RECORD_PANEL).map(ConsoleContribution::recordType).collect(Collectors.toSet()));
        ALL.stream().filter(c -> c.placement() != Placement.RECORD_PANEL).forEach(c -> assertNull(c.recordType(), c.id()));
    }

    @Test
    void idsAreUniqueAndNamedForSales() {
        assertEquals(ALL.size(), ALL.stream().map(ConsoleContribution::id).distinct().count());
        ALL.forEach(c -> assertTrue(c.id().startsWith("sales-"), c.id()));
    }

    @Test
    void everyModuleIsServedFromThisBundlesFolderAndDefinesTheVersionedTagItIsListedWith() throws IOException {
        SalesConsoleResources folder = new SalesConsoleResources();
        for (ConsoleContribution c : ALL) {
            assertTrue(c.moduleUrl().startsWith("/app/ext/" + folder.name() + "/"), c.moduleUrl());
            assertTrue(c.tagName().matches("rp-sales-[a-z-]+-v\\d+"), c.tagName());
            String module = read(resourceOf(c.moduleUrl()));
            assertTrue(module.contains("customElements.define('" + c.tagName() + "'"), c.moduleUrl() + " defines " + c.tagName());
        }
    }

    @Test
    void theModulesUseTheConsoleOnlyThroughItsSdk() throws IOException {
        Pattern absoluteImport = Pattern.compile("(?:from|import\\(?)\\s*'(/[^']+)'");
        for (String file : List.of("pipeline-board.js", "forecast-page.js", "kpi-widget.js", "lead-conversion-panel.js",
                "quote-panel.js", "open-deals-panel.js", "sales-common.js")) {
            Matcher m = absoluteImport.matcher(read("sales/console/" + file));
            while (m.find()) {
                assertEquals("/app/sdk/v1.js", m.group(1), file + " imports a file of the console shell");
            }
        }
    }

    @Test
    void oneModuleIsOneElement() {
        Map<String, Set<String>> tagsPerModule = ALL.stream().collect(Collectors.groupingBy(ConsoleContribution::moduleUrl,
                Collectors.mapping(ConsoleContribution::tagName, Collectors.toSet())));
        tagsPerModule.forEach((module, tags) -> assertEquals(1, tags.size(), module + " is listed with " + tags));
    }

    @Test
    void everyRelativeImportOfTheModulesIsInTheBundleIncludingSortableJs() throws IOException {
        for (String url : ALL.stream().map(ConsoleContribution::moduleUrl).distinct().toList()) {
            String path = resourceOf(url);
            Matcher m = IMPORT.matcher(read(path));
            while (m.find()) {
                String imported = path.substring(0, path.lastIndexOf('/') + 1) + m.group(1).substring(2);
                assertNotNull(getClass().getClassLoader().getResource(imported), url + " imports " + m.group(1));
            }
        }
        assertTrue(read("sales/console/vendor/sortablejs/sortable.esm.js").contains("export default Sortable"));
    }

    /** Where in the bundle the console finds a module of this bundle's folder. */
    private static String resourceOf(String moduleUrl) {
        SalesConsoleResources folder = new SalesConsoleResources();
        return folder.folder() + "/" + moduleUrl.substring(folder.url("").length());
    }

    private static Set<String> labels(Placement placement) {
        return ALL.stream().filter(c -> c.placement() == placement).map(ConsoleContribution::label).collect(Collectors.toSet());
    }

    private String read(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is in the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
