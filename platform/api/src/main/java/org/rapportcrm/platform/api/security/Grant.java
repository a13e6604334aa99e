package org.rapportcrm.platform.api.security;

/**
 * What a role may do with one record type ({@code "*"} for every type): the scope of records it may read, edit
 * and delete, and whether it may create them.
 */
public record Grant(String recordType, AccessScope read, boolean create, AccessScope edit, AccessScope delete) {
    public static final String ANY_TYPE = "*";
}
