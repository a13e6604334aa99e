package org.rapportcrm.collaboration.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;

/**
 * Workflow rules notify users, teams or the record's owner: {@code collaboration.notify}. Title and message may hold
 * field values ({@code {{name}}}, {@code {{previous.stage}}}); only recipients who may read the record are told.
 */
@Component(service = AutomationAction.class)
public class NotifyAction implements AutomationAction {
    private final NotificationCenter notifications;
    private final Directory directory;

    @Activate
    public NotifyAction(@Reference NotificationCenter notifications, @Reference Directory directory) {
        this.notifications = notifications;
        this.directory = directory;
    }

    @Override
    public String id() {
        return "collaboration.notify";
    }

    @Override
    public String label() {
        return "Notify users or teams";
    }

    @Override
    public List<FieldDefinition> parameters() {
        return List.of(
                FieldDefinition.builder("recipients", FieldType.TEXT).label("Whom: owner, user names or ids, team:<name or id> (comma-separated)")
                        .maxLength(2000).required(true).build(),
                FieldDefinition.builder("title", FieldType.TEXT).label("Title ({{field}} for a value; default: the rule and the record)")
                        .maxLength(500).build(),
                FieldDefinition.builder("message", FieldType.LONG_TEXT).label("Message ({{field}}, {{previous.field}})").required(true).build());
    }

    @Override
    public String describe(AutomationContext context) {
        Notification n = notification(context);
        Map<String, User> active = directory.activeUsers();
        List<String> names = new ArrayList<>();
        n.userIds().forEach(id -> names.add(active.containsKey(id) ? Directory.nameOf(active.get(id)) : id));
        directory.teams().stream().filter(t -> n.teamIds().contains(t.id())).forEach(t -> names.add("team " + t.name()));
        return "Notify " + (names.isEmpty() ? "nobody" : String.join(", ", names)) + ": \"" + n.title() + "\"";
    }

    @Override
    public void execute(AutomationContext context) {
        notifications.notify(notification(context));
    }

    private Notification notification(AutomationContext context) {
        Map<String, Object> p = context.parameters();
        Record record = context.trigger().record();
        Map<String, User> active = directory.activeUsers();
        List<Team> teams = null;
        Set<String> users = new LinkedHashSet<>();
        Set<String> teamIds = new LinkedHashSet<>();
        for (String recipient : list(p.get("recipients"))) {
            if (recipient.equalsIgnoreCase("owner")) {
                if (record.getOwner() != null) {
                    users.add(record.getOwner());
                }
            } else if (recipient.regionMatches(true, 0, "team:", 0, 5)) {
                String team = recipient.substring(5).trim();
                teams = teams == null ? directory.teams() : teams;
                teamIds.add(teams.stream().filter(t -> t.id().equals(team) || t.name().equalsIgnoreCase(team)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("there is no team " + team + " to notify")).id());
            } else {
                users.add(active.values().stream().filter(u -> u.id().equals(recipient) || u.userName().equalsIgnoreCase(recipient))
                        .findFirst().orElseThrow(() -> new IllegalStateException("there is no active user " + recipient + " to notify")).id());
            }
        }
        Map<String, Object> values = record.asMap();
        String title = MessageTemplate.render((String) p.get("title"), values, context.previousValues());
        String body = MessageTemplate.render((String) p.get("message"), values, context.previousValues());
        if (title.isBlank()) {
            title = (context.ruleName() == null ? "A workflow rule" : context.ruleName()) + ": " + directory.describe(record);
        }
        // From the rule, not from whoever made the change: they are told too if the rule names them.
        return new Notification(Notification.RULE, title, body, record.getType(), record.getId(), null, users, teamIds);
    }

    private static List<String> list(Object setting) {
        if (!(setting instanceof String s) || s.isBlank()) {
            return List.of();
        }
        return List.of(s.split("\\s*,\\s*")).stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
