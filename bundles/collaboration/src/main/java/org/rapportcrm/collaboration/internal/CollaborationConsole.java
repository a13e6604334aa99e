package org.rapportcrm.collaboration.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** The console pieces: the bell in the header, the notifications page and the Feed panel on every record page. */
final class CollaborationConsole {
    static final String FOLDER = "collaboration";

    private CollaborationConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(FOLDER, "collaboration/console");
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class Bell extends ModuleContribution {
        public Bell() {
            super("notifications-bell", Placement.HEADER_ITEM, "Notifications", "rp-notification-bell-v1", module(FOLDER, "bell.js"));
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class NotificationsPage extends ModuleContribution {
        public NotificationsPage() {
            super("notifications", Placement.NAVIGATION, "Notifications", "rp-notifications-page-v1", module(FOLDER, "notifications-page.js"));
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class FeedPanel extends ModuleContribution {
        public FeedPanel() {
            super("feed", Placement.RECORD_PANEL, "Feed", "rp-feed-panel-v1", module(FOLDER, "feed-panel.js"), EVERY_TYPE, 10);
        }
    }
}
