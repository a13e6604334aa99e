package org.rapportcrm.platform.api.query;

import org.rapportcrm.platform.api.record.RecordException;

/** A filter, sort, limit or cursor that cannot be applied; {@code parameter} names the offending part. */
public class InvalidQueryException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public InvalidQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String getParameter() {
        return parameter;
    }
}
