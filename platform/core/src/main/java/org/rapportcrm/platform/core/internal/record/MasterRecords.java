package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.rapportcrm.platform.core.internal.security.AccessPolicy.Action;

/**
 * A write to a detail record (a line of a quote, a product of a deal) changes its master, so it needs the right to
 * edit the master: {@link FieldDefinition#isMaster()}, and a child type's parent ({@link RecordType#getParentField()}).
 * Checked for a whole batch with one query per master field.
 */
final class MasterRecords {
    private final MetadataRegistry metadata;
    private final RecordStore store;
    private final AccessPolicy policy;

    MasterRecords(MetadataRegistry metadata, RecordStore store, AccessPolicy policy) {
        this.metadata = metadata;
        this.store = store;
        this.policy = policy;
    }

    /** The references whose records a write to {@code type} changes: those declared masters and a child type's parent. */
    static boolean isMaster(RecordType type, FieldDefinition f) {
        return f.isMaster() || f.getApiName().equals(type.getParentField());
    }

    /** Refuses the change unless the actor may edit every master that {@code values} name. */
    void require(Connection c, Actor actor, RecordType type, Map<String, Object> values) throws SQLException {
        List<FieldError> errors = check(c, actor, type, List.of(values)).get(0);
        if (errors != null) {
            throw new AccessDeniedException(errors.get(0).message(), errors.get(0).field());
        }
    }

    /** @return by index in {@code rows}, the master fields naming a master the actor may not edit */
    Map<Integer, List<FieldError>> check(Connection c, Actor actor, RecordType type, List<Map<String, Object>> rows) throws SQLException {
        Map<Integer, List<FieldError>> errors = new HashMap<>();
        for (FieldDefinition f : type.getFields()) {
            if (!isMaster(type, f)) {
                continue;
            }
            String masterType = f.getReferenceTo();
            AccessScope scope = policy.scope(actor, masterType, Action.EDIT);
            if (scope == AccessScope.ALL) {
                continue; // whether it exists at all is the integrity check's business
            }
            Set<String> ids = new LinkedHashSet<>();
            rows.forEach(r -> {
                if (r.get(f.getApiName()) instanceof String id) {
                    ids.add(id);
                }
            });
            if (ids.isEmpty()) {
                continue;
            }
            Set<String> editable = scope == AccessScope.NONE ? Set.of()
                    : store.findAll(c, metadata.requireType(masterType), new ArrayList<>(ids), policy.condition(actor, masterType, Action.EDIT)).keySet();
            Set<String> refused = new HashSet<>(ids);
            refused.removeAll(editable);
            if (refused.isEmpty()) {
                continue;
            }
            // A master that does not exist is reported by the integrity check (422), not as a refusal.
            Set<String> existing = store.existing(c, Names.table(masterType), refused);
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).get(f.getApiName()) instanceof String id && existing.contains(id)) {
                    errors.computeIfAbsent(i, k -> new ArrayList<>()).add(new FieldError(f.getApiName(), "forbidden",
                            actor.userName() + " may not change the " + masterType + " this " + type.getApiName() + " belongs to"));
                }
            }
        }
        return errors;
    }
}
