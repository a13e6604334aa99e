package org.rapportcrm.marketing.internal;

import java.util.Map;
import java.util.function.Function;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.RecordPredicate;

/**
 * A dynamic segment, compiled: its contact filter and its account filter, each in memory (to test one changed record)
 * and for SQL (to evaluate every contact). A null filter matches everything; with an account filter, a contact
 * without an account never matches.
 */
record SegmentDefinition(String id, String name, Filter contactFilter, RecordPredicate contactPredicate, Filter accountFilter,
        RecordPredicate accountPredicate) {

    boolean reachesAccount() {
        return accountPredicate != null;
    }

    /**
     * Whether a contact with these values is in the segment.
     *
     * @param accounts an account's values by id (null if there is no such account)
     */
    boolean matches(Map<String, Object> contact, Function<String, Map<String, Object>> accounts) {
        if (!matchesContact(contact)) {
            return false;
        }
        if (accountPredicate == null) {
            return true;
        }
        Object accountId = contact.get("account");
        Map<String, Object> account = accountId == null ? null : accounts.apply(accountId.toString());
        return account != null && accountPredicate.test(account, Map.of());
    }

    /** Whether a contact with these values passes the contact filter, the part that needs no account. */
    boolean matchesContact(Map<String, Object> contact) {
        return contactPredicate == null || contactPredicate.test(contact, Map.of());
    }
}
