package org.rapportcrm.platform.api.metadata;

/**
 * What deleting a record does to the records whose reference field points at it: declared per reference field
 * ({@link FieldDefinition#getOnDelete()}), so no reference is ever left pointing at nothing.
 */
public enum DeleteRule {
    /** The delete is refused while any record points at it: move or delete those first. */
    RESTRICT,
    /** The reference is cleared: an audited update of each record that points at it. Not for a required field. */
    SET_NULL,
    /** The records that point at it are deleted with it, each by its own fields' rules in turn. */
    CASCADE
}
