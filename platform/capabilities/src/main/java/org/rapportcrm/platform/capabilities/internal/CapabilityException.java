package org.rapportcrm.platform.capabilities.internal;

/** Why a capability operation did not happen; the REST resource and the shell turn the kind into a status or a message. */
public class CapabilityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No feature of that name at all. */
        UNKNOWN,
        /** A feature, but not a capability (a platform feature or one from another repository). */
        NOT_A_CAPABILITY,
        /** Karaf refused or failed: resolution, download, or a bundle that would not start. */
        FAILED
    }

    private final Kind kind;

    public CapabilityException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
