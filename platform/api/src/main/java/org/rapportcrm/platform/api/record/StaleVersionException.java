package org.rapportcrm.platform.api.record;

/** An update or delete named a version that is no longer current: someone changed the record in between. */
public class StaleVersionException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final long currentVersion;

    public StaleVersionException(String type, String id, long expected, long current) {
        super(type + " " + id + " is at version " + current + ", not " + expected + ": reload it and apply your change again");
        this.currentVersion = current;
    }

    public long getCurrentVersion() {
        return currentVersion;
    }
}
