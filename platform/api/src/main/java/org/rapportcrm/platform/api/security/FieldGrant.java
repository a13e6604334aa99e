package org.rapportcrm.platform.api.security;

/**
 * Field-level security of a role on one field of a record type. A field a role does not mention is readable and, as
 * far as the type's {@link Grant} allows, editable. A field no role of the actor may read is hidden everywhere: absent
 * from records read, listed, searched and exported, and unknown to filters and sorts, so it cannot be probed. A field
 * no role of the actor may edit is refused when written, naming the field (403).
 *
 * @param read whether the field can be seen
 * @param edit whether the field can be written (implies {@code read})
 */
public record FieldGrant(String recordType, String field, boolean read, boolean edit) {
    public FieldGrant {
        edit = edit && read;
    }
}
