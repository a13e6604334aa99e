package org.rapportcrm.platform.api.job;

import org.rapportcrm.platform.api.record.RecordException;

/** No {@link org.rapportcrm.platform.api.transfer.RecordFormat} reads the given media type. */
public class UnsupportedFormatException extends RecordException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFormatException(String message) {
        super(message);
    }
}
