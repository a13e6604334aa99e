package org.rapportcrm.sync.delta.api;

/** A sync token that was not issued by this server, or is older than the outbox keeps changes: start over. */
public class InvalidSyncTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSyncTokenException(String message) {
        super(message);
    }
}
