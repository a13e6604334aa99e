package org.rapportcrm.platform.core.internal.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.api.security.PublicSharingRule;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.record.FilterTranslator;
import org.rapportcrm.platform.core.internal.record.SqlCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sharing rules on the whiteboard share with an account, as SQL: a path of references becomes nested
 * {@code IN} sub-selects on indexed reference columns, e.g. an activity shared through its contact's account is
 * {@code contact IN (SELECT id FROM rec_contact WHERE account = ?)}. A rule whose path does not lead to the account
 * shares nothing (and says so in the log): sharing fails closed. What {@link PublicSharingRule}s share with every
 * external principal is added to reads only, as the SQL of their filters; a filter that does not compile shares nothing.
 * A value {@code principal.account.<field>} in such a filter is a sub-select of that field of the principal's account,
 * and the rule shares nothing with a principal whose account leaves one of those fields empty.
 * For the principals of a portal that shows only their own records ({@link ExternalPortal#ownRecordsOnly()}), a rule
 * with a path to the contact shares by that path with the principal's own contact instead of by the account path.
 */
final class SharedRecords {
    static final String ACCOUNT = "account";
    static final String CONTACT = "contact";
    private static final Logger LOG = LoggerFactory.getLogger(SharedRecords.class);

    private final MetadataRegistry metadata;
    private final Map<String, List<SharingRule>> byType = new ConcurrentHashMap<>();
    private final Map<String, List<PublicSharingRule>> publicByType = new ConcurrentHashMap<>();
    private final Set<Object> reported = ConcurrentHashMap.newKeySet();
    private final List<ExternalPortal> portals = new CopyOnWriteArrayList<>();

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

    void add(PublicSharingRule rule) {
        publicByType.computeIfAbsent(rule.recordType(), t -> new CopyOnWriteArrayList<>()).add(rule);
    }

    void remove(PublicSharingRule rule) {
        List<PublicSharingRule> rules = publicByType.get(rule.recordType());
        if (rules != null) {
            rules.remove(rule);
        }
    }

    void add(ExternalPortal portal) {
        portals.add(portal);
    }

    void remove(ExternalPortal portal) {
        portals.remove(portal);
    }

    /** Whether some records of {@code type} may be shared with an account (and so changed by its external principals). */
    boolean shares(String type) {
        return !byType.getOrDefault(type, List.of()).isEmpty();
    }

    /** Whether external principals may read some records of {@code type}: shared with their account or with all of them. */
    boolean sharesForReading(String type) {
        return shares(type) || !publicByType.getOrDefault(type, List.of()).isEmpty();
    }

    /**
     * The records of {@code type} shared with the external principal (with its account, or with its own contact where
     * its portal shows only its own records), and for {@code reading} also those shared with every external principal;
     * matches nothing when no valid rule shares the type.
     */
    SqlCondition condition(String type, Actor principal, boolean reading) {
        List<String> sql = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        boolean ownRecordsOnly = ownRecordsOnly(principal);
        for (SharingRule rule : byType.getOrDefault(type, List.of())) {
            List<String> toContact = rule.pathToContact();
            if (ownRecordsOnly && toContact != null && !toContact.isEmpty()) {
                if (principal.contactId() != null) { // a principal that is no contact owns no such records
                    path(rule, type, toContact, CONTACT).ifPresent(p -> {
                        sql.add(p);
                        params.add(principal.contactId());
                    });
                }
            } else {
                path(rule, type, rule.pathToAccount(), ACCOUNT).ifPresent(p -> {
                    sql.add(p);
                    params.add(principal.accountId());
                });
            }
        }
        if (reading) {
            for (PublicSharingRule rule : publicByType.getOrDefault(type, List.of())) {
                filter(rule, principal.accountId()).ifPresent(f -> {
                    sql.add("(" + f.sql() + ")");
                    params.addAll(f.params());
                });
            }
        }
        return sql.isEmpty() ? new SqlCondition("1=0", List.of()) : new SqlCondition(String.join(" OR ", sql), params);
    }

    private Optional<SqlCondition> filter(PublicSharingRule rule, String accountId) {
        Optional<RecordType> type = metadata.type(rule.recordType());
        if (type.isEmpty()) {
            return invalid(rule, rule.filter(), "there is no such record type");
        }
        try {
            Set<FieldDefinition> accountFields = new LinkedHashSet<>();
            Filter filter = withAccountValues(FilterExpression.parse(rule.filter()), accountId, accountFields);
            SqlCondition condition = new FilterTranslator(type.get()).translate(filter);
            if (accountFields.isEmpty()) {
                return Optional.of(condition);
            }
            // A principal whose account lacks a value the rule compares with is not one the rule is for.
            String filled = accountFields.stream().map(f -> " AND " + Names.column(f.getApiName()) + " IS NOT NULL").collect(Collectors.joining());
            List<Object> params = new ArrayList<>();
            params.add(accountId);
            params.addAll(condition.params());
            return Optional.of(new SqlCondition("EXISTS (SELECT 1 FROM " + Names.table(ACCOUNT) + " WHERE id = ?" + filled + ") AND ("
                    + condition.sql() + ")", params));
        } catch (RuntimeException e) {
            return invalid(rule, rule.filter(), e.getMessage());
        }
    }

    /** Replaces each value {@code principal.account.<field>} with a sub-select of that field of the account, noting the field. */
    private Filter withAccountValues(Filter filter, String accountId, Set<FieldDefinition> accountFields) {
        if (filter instanceof Filter.Junction j) {
            return new Filter.Junction(j.and(), j.filters().stream().map(f -> withAccountValues(f, accountId, accountFields)).toList());
        }
        Filter.Condition c = (Filter.Condition) filter;
        if (c.values().stream().noneMatch(SharedRecords::namesAccountField)) {
            return c;
        }
        RecordType account = metadata.type(ACCOUNT).orElseThrow(() -> new IllegalStateException("there is no account type"));
        List<Object> values = new ArrayList<>();
        for (Object value : c.values()) {
            if (namesAccountField(value)) {
                String name = value.toString().substring(PublicSharingRule.PRINCIPAL_ACCOUNT.length());
                FieldDefinition field = account.field(name).filter(f -> !f.getType().equals(FieldType.LONG_TEXT))
                        .orElseThrow(() -> new IllegalArgumentException("the account has no field '" + name + "' to compare with"));
                accountFields.add(field);
                values.add(new FilterTranslator.SelectedValue(field,
                        "SELECT " + Names.column(name) + " FROM " + Names.table(ACCOUNT) + " WHERE id = ?", List.of(accountId)));
            } else {
                values.add(value);
            }
        }
        return new Filter.Condition(c.field(), c.operator(), values);
    }

    private static boolean namesAccountField(Object value) {
        return value instanceof String s && s.startsWith(PublicSharingRule.PRINCIPAL_ACCOUNT);
    }

    private boolean ownRecordsOnly(Actor principal) {
        return portals.stream().anyMatch(p -> principal.roles().contains(p.role()) && p.ownRecordsOnly());
    }

    /** The condition of one path to the {@code target} type (account or contact), with one parameter: the target's id. */
    private Optional<String> path(SharingRule rule, String type, List<String> references, String target) {
        if (references.isEmpty()) {
            return target.equals(type) ? Optional.of("id = ?") : invalid(rule, references, "only the " + target + " type is shared as itself");
        }
        List<RecordType> hops = new ArrayList<>();
        String current = type;
        for (String field : references) {
            RecordType t = metadata.type(current).orElse(null);
            FieldDefinition f = t == null ? null : t.field(field).orElse(null);
            if (f == null || f.getType() != FieldType.REFERENCE) {
                return invalid(rule, references, current + "." + field + " is not a reference");
            }
            hops.add(t);
            current = f.getReferenceTo();
        }
        if (!target.equals(current)) {
            return invalid(rule, references, "it ends at " + current + ", not at the " + target);
        }
        // From the last hop, which refers to the target, back to the type itself.
        String sql = Names.column(references.get(references.size() - 1)) + " = ?";
        for (int i = references.size() - 2; i >= 0; i--) {
            sql = Names.column(references.get(i)) + " IN (SELECT id FROM " + Names.table(hops.get(i + 1).getApiName()) + " WHERE " + sql + ")";
        }
        return Optional.of(sql);
    }

    private <T> Optional<T> invalid(Object rule, Object declared, String why) {
        if (reported.add(rule)) {
            LOG.error("The sharing rule {} with {} shares nothing: {}", rule, declared, why);
        }
        return Optional.empty();
    }
}
