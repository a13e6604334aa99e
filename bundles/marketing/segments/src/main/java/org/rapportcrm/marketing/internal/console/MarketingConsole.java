package org.rapportcrm.marketing.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

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
    public static class Modules implements ConsoleModuleFolder {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String folder() {
            return "marketing/console";
        }
    }

    abstract static class Contribution implements ConsoleContribution {
        private final String id;
        private final Placement placement;
        private final String label;
        private final String tagName;
        private final String module;
        private final String recordType;

        Contribution(String id, Placement placement, String label, String tagName, String module, String recordType) {
            this.id = id;
            this.placement = placement;
            this.label = label;
            this.tagName = tagName;
            this.module = module;
            this.recordType = recordType;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Placement placement() {
            return placement;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public String tagName() {
            return tagName;
        }

        @Override
        public String moduleUrl() {
            return ConsoleModuleFolder.URL_PREFIX + NAME + "/" + module;
        }

        @Override
        public String recordType() {
            return recordType;
        }
    }

    /** Segments: build one with a live count, see its members and who entered or left when. */
    @Component(service = ConsoleContribution.class)
    public static class SegmentBuilder extends Contribution {
        public SegmentBuilder() {
            super("marketing-segments", Placement.NAVIGATION, "Segment builder", "rp-marketing-segments-v1", "segment-builder.js", null);
        }
    }

    /** On contact pages: the current consent per purpose and channel, and recording a new answer. */
    @Component(service = ConsoleContribution.class)
    public static class ConsentPanel extends Contribution {
        public ConsentPanel() {
            super("marketing-contact-consents", Placement.RECORD_PANEL, "Consents", "rp-marketing-consents-v1", "consent-panel.js", "contact");
        }
    }
}
