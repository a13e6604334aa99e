package org.rapportcrm.marketing.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The marketing console: the segment builder page (definition, live count, members and their history) and the
 * consent panel on contact pages. Their ES modules are in this bundle's {@code marketing/console/} folder, served by
 * the console at {@code /app/ext/marketing/}.
 */
public final class MarketingConsole {
    private static final String NAME = "marketing";

    private MarketingConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "marketing/console");
        }
    }

    /** Segments: build one with a live count, see its members and who entered or left when. */
    @Component(service = ConsoleContribution.class)
    public static class SegmentBuilder extends ModuleContribution {
        public SegmentBuilder() {
            super("marketing-segments", Placement.NAVIGATION, "Segment builder", "rp-marketing-segments-v1", module(NAME, "segment-builder.js"), null, 10);
        }
    }

    /** On contact pages: the current consent per purpose and channel, and recording a new answer. */
    @Component(service = ConsoleContribution.class)
    public static class ConsentPanel extends ModuleContribution {
        public ConsentPanel() {
            super("marketing-contact-consents", Placement.RECORD_PANEL, "Consents", "rp-marketing-consents-v1", module(NAME, "consent-panel.js"), "contact", 30);
        }
    }
}
