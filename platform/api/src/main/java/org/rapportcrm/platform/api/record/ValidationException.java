package org.rapportcrm.platform.api.record;

import java.util.List;
import java.util.stream.Collectors;

/** One or more field values were refused; nothing was written. */
public class ValidationException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String code, String message) {
        this(List.of(new FieldError(field, code, message)));
    }

    /** Throws a validation exception naming every error, if there are any. */
    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    public List<FieldError> getErrors() {
        return errors;
    }
}
