package org.rapportcrm.service.knowledge.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The knowledge base in the console: a page to write, review and publish articles with their version history,
 * suggested articles on case pages (linked with one click) and knowledge figures on the home dashboard. Their ES
 * modules are in this bundle's {@code knowledge/console/} folder, served at {@code /app/ext/knowledge/}.
 */
public final class KnowledgeConsole {
    private static final String NAME = "knowledge";

    private KnowledgeConsole() {
    }

    /** The folder of the knowledge console's modules. */
    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "knowledge/console");
        }
    }

    /** The articles: list by status and category, the editor with its workflow actions and version history. */
    @Component(service = ConsoleContribution.class)
    public static class KnowledgePage extends ModuleContribution {
        public KnowledgePage() {
            super("knowledge-base", Placement.NAVIGATION, "Knowledge base", "rp-knowledge-base-v1", module(NAME, "knowledge.js"), null, 6);
        }
    }

    /** On case pages: the published articles like the case, linked to it with one click, and those linked. */
    @Component(service = ConsoleContribution.class)
    public static class SuggestedArticlesPanel extends ModuleContribution {
        public SuggestedArticlesPanel() {
            super("knowledge-case-articles", Placement.RECORD_PANEL, "Knowledge articles", "rp-knowledge-case-v1", module(NAME, "case-articles.js"), "case", 6);
        }
    }

    /** On the home dashboard: articles by status, the most used and deflection. */
    @Component(service = ConsoleContribution.class)
    public static class KnowledgeWidget extends ModuleContribution {
        public KnowledgeWidget() {
            super("knowledge-kpis", Placement.DASHBOARD_WIDGET, "Knowledge base", "rp-knowledge-kpis-v1", module(NAME, "kpi-widget.js"), null, 21);
        }
    }
}
