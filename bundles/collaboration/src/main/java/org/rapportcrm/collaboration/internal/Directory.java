package org.rapportcrm.collaboration.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

/** Users and teams as collaboration needs them: who is told, and whether they may read the record it is about. */
@Component(service = Directory.class)
public class Directory {
    private final UserService users;
    private final RecordService records;
    private final MetadataService metadata;

    @Activate
    public Directory(@Reference UserService users, @Reference RecordService records, @Reference MetadataService metadata) {
        this.users = users;
        this.records = records;
        this.metadata = metadata;
    }

    /** Every active user of the organisation and its portals, by id. */
    Map<String, User> activeUsers() {
        Map<String, User> active = new LinkedHashMap<>();
        users.users(Actor.system()).stream().filter(User::active).forEach(u -> active.put(u.id(), u));
        return active;
    }

    List<Team> teams() {
        return users.teams(Actor.system());
    }

    /** The active members of the teams. */
    Set<String> members(Set<String> teamIds, Map<String, User> active) {
        Set<String> members = new LinkedHashSet<>();
        if (!teamIds.isEmpty()) {
            active.values().stream().filter(u -> u.teamIds().stream().anyMatch(teamIds::contains)).forEach(u -> members.add(u.id()));
        }
        return members;
    }

    /** The user as the platform checks their permissions. */
    static Actor actorOf(User u) {
        return Actor.of(u);
    }

    /** Whether the user may read the record, by the platform's own access rules. */
    boolean canRead(User user, String recordType, String recordId) {
        try {
            records.get(actorOf(user), recordType, recordId);
            return true;
        } catch (RecordNotFoundException | AccessDeniedException e) {
            return false;
        }
    }

    static String nameOf(User u) {
        return u.displayName() == null || u.displayName().isBlank() ? u.userName() : u.displayName();
    }

    /** "Contact Anna Schmidt": the type's label and the record's name, for titles of notifications. */
    String describe(Record record) {
        RecordType type = metadata.type(record.getType()).orElse(null);
        if (type == null) {
            return record.getType() + " " + record.getId();
        }
        Object name = record.get(type.getNameField());
        Object first = type.field("firstName").isPresent() ? record.get("firstName") : null;
        String shown = name == null ? record.getId() : (first == null ? "" : first + " ") + name;
        return type.getLabel() + " " + shown;
    }

    /** "Contact Anna Schmidt" from the values of an outbox entry. */
    String describe(String recordType, String recordId, Map<String, Object> values) {
        return describe(new Record(recordType, recordId, 0, null, null, null, null, null, values));
    }
}
