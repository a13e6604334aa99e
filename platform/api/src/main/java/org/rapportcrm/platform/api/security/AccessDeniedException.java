package org.rapportcrm.platform.api.security;

import org.rapportcrm.platform.api.record.RecordException;

/** The actor is known but its roles do not allow the operation. */
public class AccessDeniedException extends RecordException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
