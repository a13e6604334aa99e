package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.security.entity.EntityTables;

/**
 * References that must point at existing records or users, and values that must be unique, checked for a whole
 * batch of records with a few IN queries: a single create is a batch of one.
 */
final class IntegrityChecks {
    private final RecordStore store;

    IntegrityChecks(RecordStore store) {
        this.store = store;
    }

    /** @return the errors by index of the record in {@code records}; empty when all is well */
    Map<Integer, List<FieldError>> check(Connection c, RecordType type, List<Record> records, Collection<String> fields,
            boolean checkOwner) throws SQLException {
        Map<Integer, List<FieldError>> errors = new HashMap<>();
        if (checkOwner) {
            references(c, EntityTables.USERS, records, Record::getOwner, SystemFields.OWNER, "no user with id ", errors);
        }
        for (String name : fields) {
            FieldDefinition f = type.field(name).orElse(null);
            if (f == null) {
                continue;
            }
            if (f.getType() == FieldType.REFERENCE) {
                references(c, Names.table(f.getReferenceTo()), records, r -> (String) r.get(name), name, "no " + f.getReferenceTo() + " with id ", errors);
            } else if (f.getType() == FieldType.OWNER) {
                references(c, EntityTables.USERS, records, r -> (String) r.get(name), name, "no user with id ", errors);
            }
            if (f.isUnique()) {
                unique(c, type, f, records, errors);
            }
        }
        return errors;
    }

    private void references(Connection c, String table, List<Record> records, Function<Record, String> value, String field,
            String message, Map<Integer, List<FieldError>> errors) throws SQLException {
        Set<String> ids = new HashSet<>();
        records.stream().map(value).filter(v -> v != null).forEach(ids::add);
        Set<String> found = ids.isEmpty() ? Set.of() : store.existing(c, table, ids);
        for (int i = 0; i < records.size(); i++) {
            String v = value.apply(records.get(i));
            if (v != null && !found.contains(v)) {
                add(errors, i, new FieldError(field, "reference", message + v));
            }
        }
    }

    private void unique(Connection c, RecordType type, FieldDefinition f, List<Record> records, Map<Integer, List<FieldError>> errors)
            throws SQLException {
        String name = f.getApiName();
        Set<Object> keys = new HashSet<>();
        records.stream().map(r -> r.get(name)).filter(v -> v != null).map(RecordStore::uniqueKey).forEach(keys::add);
        Map<Object, String> holders = keys.isEmpty() ? Map.of() : store.holders(c, type, f, keys);
        Map<Object, Integer> firstInBatch = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Object v = records.get(i).get(name);
            if (v == null) {
                continue;
            }
            Object key = RecordStore.uniqueKey(v);
            String holder = holders.get(key);
            if (holder != null && !holder.equals(records.get(i).getId())) {
                add(errors, i, new FieldError(name, "unique", "another " + type.getApiName() + " already has " + ValueConverter.format(v)));
            } else if (firstInBatch.putIfAbsent(key, i) != null) {
                add(errors, i, new FieldError(name, "unique", ValueConverter.format(v) + " appears more than once in this batch"));
            }
        }
    }

    private static void add(Map<Integer, List<FieldError>> errors, int index, FieldError error) {
        errors.computeIfAbsent(index, k -> new ArrayList<>()).add(error);
    }
}
