package org.rapportcrm.platform.api.metadata;

import java.util.Set;

/** The fields every record has, maintained by the platform. */
public final class SystemFields {
    public static final String ID = "id";
    public static final String VERSION = "version";
    public static final String OWNER = "owner";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String CREATED_BY = "createdBy";
    public static final String UPDATED_BY = "updatedBy";

    public static final Set<String> ALL = Set.of(ID, VERSION, OWNER, CREATED_AT, UPDATED_AT, CREATED_BY, UPDATED_BY);
    /** System fields a client may set: the owner of a record can be given on create and changed later. */
    public static final Set<String> WRITABLE = Set.of(OWNER);

    private SystemFields() {
    }

    public static boolean isSystem(String apiName) {
        return ALL.contains(apiName);
    }
}
