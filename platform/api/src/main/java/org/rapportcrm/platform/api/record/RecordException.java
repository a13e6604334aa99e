package org.rapportcrm.platform.api.record;

/** Base of the errors the record machinery reports to callers; each maps to a distinct client error. */
public abstract class RecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected RecordException(String message) {
        super(message);
    }
}
