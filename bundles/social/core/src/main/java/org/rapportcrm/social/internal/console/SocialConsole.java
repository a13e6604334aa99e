package org.rapportcrm.social.internal.console;

import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;
import org.rapportcrm.social.api.Social;

/**
 * The social console (modules in this bundle's {@code social/console/}, served at {@code /app/ext/social/}) and the
 * trigger workflow rules start from. A contact's posts are listed on its page by the platform (the posts' contact
 * reference); the inbox is where they are worked.
 */
public final class SocialConsole {
    private static final String NAME = "social";

    private SocialConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "social/console");
        }
    }

    /** The social inbox: posts by channel, filtered by status and sentiment; assign, reply, mark done. */
    @Component(service = ConsoleContribution.class)
    public static class Inbox extends ModuleContribution {
        public Inbox() {
            super("social-inbox", Placement.NAVIGATION, "Social inbox", "rp-social-inbox-v1", module(NAME, "inbox.js"), null, 10);
        }
    }

    /** The listening dashboard: volume, sentiment over time, top authors and share of voice, per channel and period. */
    @Component(service = ConsoleContribution.class)
    public static class Dashboard extends ModuleContribution {
        public Dashboard() {
            super("social-dashboard", Placement.NAVIGATION, "Listening dashboard", "rp-social-dashboard-v1", module(NAME, "dashboard.js"), null, 11);
        }
    }

    /** On a social profile: the suggested contact and confirming it. */
    @Component(service = ConsoleContribution.class)
    public static class MatchPanel extends ModuleContribution {
        public MatchPanel() {
            super("social-profile-match", Placement.RECORD_PANEL, "Contact match", "rp-social-match-v1", module(NAME, "match-panel.js"),
                    Social.PROFILE, 5);
        }
    }

    /** Workflow rules may start from every post stored from a network (its sentiment and buying intent are in the event). */
    @Component
    public static class PostReceived implements AutomationTrigger {
        @Override
        public String id() {
            return Social.POST_RECEIVED_TRIGGER;
        }

        @Override
        public String label() {
            return "A social post arrived";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of(Social.POST);
        }
    }
}
