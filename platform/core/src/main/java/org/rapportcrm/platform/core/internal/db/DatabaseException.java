package org.rapportcrm.platform.core.internal.db;

/** A failure of the database itself (not of the caller's input): a server error. */
public class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
