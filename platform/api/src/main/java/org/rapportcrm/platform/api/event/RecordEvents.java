package org.rapportcrm.platform.api.event;

/**
 * The kinds of a {@link RecordChange}. Extensions hear of record changes through {@link RecordChangeListener}, the one
 * channel for them (record changes are not posted to OSGi Event Admin).
 */
public final class RecordEvents {
    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    public static final String DELETED = "DELETED";

    private RecordEvents() {
    }
}
