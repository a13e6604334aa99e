package org.rapportcrm.collaboration.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/** The console pieces: the bell in the header, the notifications page and the Feed panel on every record page. */
final class CollaborationConsole {
    static final String FOLDER = "collaboration";

    private CollaborationConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules implements ConsoleModuleFolder {
        @Override
        public String name() {
            return FOLDER;
        }

        @Override
        public String folder() {
            return "collaboration/console";
        }
    }

    private abstract static class Piece implements ConsoleContribution {
        private final String id;
        private final Placement placement;
        private final String label;
        private final String tagName;
        private final String module;

        Piece(String id, Placement placement, String label, String tagName, String module) {
            this.id = id;
            this.placement = placement;
            this.label = label;
            this.tagName = tagName;
            this.module = module;
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
            return ConsoleModuleFolder.URL_PREFIX + FOLDER + "/" + module;
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class Bell extends Piece {
        public Bell() {
            super("notifications-bell", Placement.HEADER_ITEM, "Notifications", "rp-notification-bell-v1", "bell.js");
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class NotificationsPage extends Piece {
        public NotificationsPage() {
            super("notifications", Placement.NAVIGATION, "Notifications", "rp-notifications-page-v1", "notifications-page.js");
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class FeedPanel extends Piece {
        public FeedPanel() {
            super("feed", Placement.RECORD_PANEL, "Feed", "rp-feed-panel-v1", "feed-panel.js");
        }

        @Override
        public String recordType() {
            return EVERY_TYPE;
        }

        @Override
        public int order() {
            return 10;
        }
    }
}
