package org.rapportcrm.platform.api.record;

import java.util.List;

/**
 * What deleting one record would do, by the {@link org.rapportcrm.platform.api.metadata.DeleteRule rules} of the
 * reference fields pointing at it, as {@link RecordService#deletion} tells it before the delete and
 * {@link DeleteRestrictedException} when it is refused.
 *
 * @param allowed   false when a {@code RESTRICT} reference holds it: then nothing is deleted
 * @param blockedBy the references that refuse the delete: type, field and how many records
 * @param deletes   the other records deleted with it ({@code CASCADE}, at any depth), by type
 * @param clears    the references cleared ({@code SET_NULL}) in records that stay: type, field and how many records
 */
public record Deletion(boolean allowed, List<FieldCount> blockedBy, List<TypeCount> deletes, List<FieldCount> clears) {
    public Deletion {
        blockedBy = List.copyOf(blockedBy);
        deletes = List.copyOf(deletes);
        clears = List.copyOf(clears);
    }

    /** How many records of a type. */
    public record TypeCount(String type, long count) {
    }

    /** How many records of a type hold a reference in one of their fields. */
    public record FieldCount(String type, String field, long count) {
    }
}
