package org.rapportcrm.platform.api.security;

import org.rapportcrm.platform.api.record.RecordException;

/** The actor is known but its roles do not allow the operation. */
public class AccessDeniedException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public AccessDeniedException(String message) {
        this(message, null);
    }

    /** Refuses the value of one field (the owner of a record, a field the actor may not change). */
    public AccessDeniedException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The field whose value was refused, or null when the whole operation was. */
    public String getField() {
        return field;
    }
}
