package org.rapportcrm.platform.api.notification;

import java.util.Objects;
import java.util.Set;

/**
 * Something to tell users and the members of teams.
 *
 * @param kind what it is about, which recipients' preferences are kept by: {@link #MENTION}, {@link #ASSIGNMENT},
 *     {@link #RULE}, or a capability's own kind declared with a {@link NotificationKind} ({@code service.case-escalated})
 * @param title one line, plain text
 * @param body more text, plain; may be empty
 * @param recordType the record it is about (its api name), or null
 * @param recordId the record's id, or null
 * @param actorId the user whose action caused it (not notified of their own action), or null for the system
 * @param userIds the users to tell
 * @param teamIds the teams whose members to tell
 */
public record Notification(String kind, String title, String body, String recordType, String recordId, String actorId,
        Set<String> userIds, Set<String> teamIds) {
    public static final String MENTION = "mention";
    public static final String ASSIGNMENT = "assignment";
    public static final String RULE = "rule";

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        body = body == null ? "" : body;
        userIds = userIds == null ? Set.of() : Set.copyOf(userIds);
        teamIds = teamIds == null ? Set.of() : Set.copyOf(teamIds);
        if ((recordType == null) != (recordId == null)) {
            throw new IllegalArgumentException("recordType and recordId go together");
        }
    }
}
