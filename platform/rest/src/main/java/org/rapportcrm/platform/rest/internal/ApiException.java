package org.rapportcrm.platform.rest.internal;

import java.util.List;
import org.rapportcrm.platform.api.record.FieldError;

/** An HTTP client error raised by the API layer itself (malformed request, missing header, oversized body...). */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String title;
    final transient List<FieldError> errors;

    ApiException(int status, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "Bad request", detail, field == null ? List.of() : List.of(new FieldError(field, "invalid", detail)));
    }

    static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, List.of());
    }

    static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, List.of());
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, List.of());
    }
}
