package org.rapportcrm.platform.api.record;

public class RecordNotFoundException extends RecordException {
    private static final long serialVersionUID = 1L;

    public RecordNotFoundException(String type, String id) {
        super("No " + type + " with id " + id);
    }

    public RecordNotFoundException(String message) {
        super(message);
    }
}
