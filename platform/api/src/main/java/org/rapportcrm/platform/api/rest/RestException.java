package org.rapportcrm.platform.api.rest;

import org.rapportcrm.platform.api.record.RecordException;

/** A client error a resource reports: answered with this status as problem details. */
public class RestException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String parameter;

    public RestException(int status, String parameter, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("A client error has a 4xx status, not " + status);
        }
        this.status = status;
        this.parameter = parameter;
    }

    public static RestException badRequest(String parameter, String message) {
        return new RestException(400, parameter, message);
    }

    public static RestException notFound(String message) {
        return new RestException(404, null, message);
    }

    public int getStatus() {
        return status;
    }

    /** The offending parameter or field, or null. */
    public String getParameter() {
        return parameter;
    }
}
