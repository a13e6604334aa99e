package org.rapportcrm.service.api;

import java.util.List;

/**
 * The case record type as other capabilities write it through the record service: {@code records.create(actor,
 * Cases.TYPE, Map.of("subject", ..., "channel", Cases.CHANNEL_EMAIL, "contact", contactId))}. The service capability
 * numbers, routes and times it; its SLA clocks run from {@value #OPENED_AT} (the creation unless given, such as the
 * arrival of the e-mail that opened it). A reply an agent sends is recorded by setting {@value #LAST_RESPONSE_AT}; a customer's
 * reply by setting {@value #CUSTOMER_REPLIED_AT} (which starts the next-response clock).
 */
public final class Cases {
    public static final String TYPE = "case";
    public static final String PLURAL = "cases";

    public static final String NEW = "New";
    public static final String OPEN = "Open";
    public static final String WAITING_ON_CUSTOMER = "Waiting on customer";
    public static final String WAITING_ON_THIRD_PARTY = "Waiting on third party";
    public static final String RESOLVED = "Resolved";
    public static final String CLOSED = "Closed";
    public static final List<String> STATUSES = List.of(NEW, OPEN, WAITING_ON_CUSTOMER, WAITING_ON_THIRD_PARTY, RESOLVED, CLOSED);

    public static final List<String> PRIORITIES = List.of("Low", "Medium", "High", "Urgent");
    public static final String CHANNEL_EMAIL = "Email";
    public static final String CHANNEL_PORTAL = "Portal";
    public static final List<String> CHANNELS = List.of(CHANNEL_EMAIL, "Web", CHANNEL_PORTAL, "Phone", "Social");

    public static final String OPENED_AT = "openedAt";
    public static final String LAST_RESPONSE_AT = "lastResponseAt";
    public static final String CUSTOMER_REPLIED_AT = "customerRepliedAt";

    private Cases() {
    }

    /** Whether a case in this status is done with (its clocks stopped for good unless it is reopened). */
    public static boolean isDone(String status) {
        return RESOLVED.equals(status) || CLOSED.equals(status);
    }
}
