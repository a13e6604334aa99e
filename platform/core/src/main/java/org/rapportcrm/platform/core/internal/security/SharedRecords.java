package org.rapportcrm.platform.core.internal.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.record.SqlCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sharing rules on the whiteboard share with an account, as SQL: a path of references becomes nested
 * {@code IN} sub-selects on indexed reference columns, e.g. an activity shared through its contact's account is
 * {@code contact IN (SELECT id FROM rec_contact WHERE account = ?)}. A rule whose path does not lead to the account
 * shares nothing (and says so in the log): sharing fails closed.
 */
final class SharedRecords {
    static final String ACCOUNT = "account";
    private static final Logger LOG = LoggerFactory.getLogger(SharedRecords.class);

    private final MetadataRegistry metadata;
    private final Map<String, List<SharingRule>> byType = new ConcurrentHashMap<>();
    private final Set<SharingRule> reported = ConcurrentHashMap.newKeySet();

    SharedRecords(MetadataRegistry metadata) {
        this.metadata = metadata;
    }

    void add(SharingRule rule) {
        byType.computeIfAbsent(rule.recordType(), t -> new CopyOnWriteArrayList<>()).add(rule);
    }

    void remove(SharingRule rule) {
        List<SharingRule> rules = byType.get(rule.recordType());
        if (rules != null) {
            rules.remove(rule);
        }
    }

    boolean shares(String type) {
        return !byType.getOrDefault(type, List.of()).isEmpty();
    }

    /** The records of {@code type} shared with the account; matches nothing when no valid rule shares the type. */
    SqlCondition condition(String type, String accountId) {
        List<String> sql = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (SharingRule rule : byType.getOrDefault(type, List.of())) {
            path(rule, type, rule.pathToAccount()).ifPresent(p -> {
                sql.add(p);
                params.add(accountId);
            });
        }
        return sql.isEmpty() ? new SqlCondition("1=0", List.of()) : new SqlCondition(String.join(" OR ", sql), params);
    }

    /** The condition of one path, with one parameter: the account's id. */
    private Optional<String> path(SharingRule rule, String type, List<String> references) {
        if (references.isEmpty()) {
            return ACCOUNT.equals(type) ? Optional.of("id = ?") : invalid(rule, "only the account type is shared as itself");
        }
        List<RecordType> hops = new ArrayList<>();
        String current = type;
        for (String field : references) {
            RecordType t = metadata.type(current).orElse(null);
            FieldDefinition f = t == null ? null : t.field(field).orElse(null);
            if (f == null || f.getType() != FieldType.REFERENCE) {
                return invalid(rule, current + "." + field + " is not a reference");
            }
            hops.add(t);
            current = f.getReferenceTo();
        }
        if (!ACCOUNT.equals(current)) {
            return invalid(rule, "it ends at " + current + ", not at the account");
        }
        // From the last hop, which refers to the account, back to the type itself.
        String sql = Names.column(references.get(references.size() - 1)) + " = ?";
        for (int i = references.size() - 2; i >= 0; i--) {
            sql = Names.column(references.get(i)) + " IN (SELECT id FROM " + Names.table(hops.get(i + 1).getApiName()) + " WHERE " + sql + ")";
        }
        return Optional.of(sql);
    }

    private Optional<String> invalid(SharingRule rule, String why) {
        if (reported.add(rule)) {
            LOG.error("The sharing rule {} of {} with the path {} shares nothing: {}", rule, rule.recordType(), rule.pathToAccount(), why);
        }
        return Optional.empty();
    }
}
