package org.rapportcrm.platform.api.security;

import java.util.Set;

/**
 * What an actor may do with one record type, all its roles taken together: the widest scope per action, whether it may
 * create records, and the fields it may not see or not change. The console shows or hides actions by it; the platform
 * enforces the same.
 */
public record TypeAccess(String recordType, AccessScope read, boolean create, AccessScope edit, AccessScope delete,
        Set<String> hiddenFields, Set<String> readOnlyFields) {
    public TypeAccess {
        hiddenFields = Set.copyOf(hiddenFields);
        readOnlyFields = Set.copyOf(readOnlyFields);
    }
}
