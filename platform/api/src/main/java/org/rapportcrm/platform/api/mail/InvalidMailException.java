package org.rapportcrm.platform.api.mail;

/** A message, address or template that cannot be sent as it is: {@link #field()} names what is wrong. */
public class InvalidMailException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidMailException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The part of the message at fault ({@code to}, {@code subject}, {@code headers.List-Unsubscribe}, {@code htmlBody}...). */
    public String field() {
        return field;
    }
}
