package org.rapportcrm.platform.api.event;

/**
 * OSGi Event Admin topics and properties for record changes. Events are posted after the change has committed:
 * {@code rapport/record/<type>/CREATED|UPDATED|DELETED}. Subscribe to {@code rapport/record/*} for all types.
 */
public final class RecordEvents {
    public static final String TOPIC_PREFIX = "rapport/record/";
    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    public static final String DELETED = "DELETED";

    public static final String PROP_TYPE = "type";
    public static final String PROP_ID = "id";
    public static final String PROP_VERSION = "version";
    public static final String PROP_ACTOR = "actor";
    /** The api names of the fields whose value changed (String[]). */
    public static final String PROP_CHANGED_FIELDS = "changedFields";

    private RecordEvents() {
    }

    public static String topic(String type, String kind) {
        return TOPIC_PREFIX + type + "/" + kind;
    }
}
