package org.rapportcrm.automation.internal;

import java.time.Instant;

/**
 * One event sent (or to be sent) to one subscription, as the delivery log keeps it.
 *
 * @param sequence the outbox entry's sequence: with the subscription, what identifies the delivery
 * @param status {@link #PENDING}, {@link #DELIVERED}, {@link #RETRYING} or {@link #DEAD}
 * @param revision counts the changes of the row, so that what a send got is not written over a replay made meanwhile
 */
record Delivery(String webhookId, long sequence, String recordType, String recordId, String event, String status, int attempts,
        Instant createdAt, Instant firstAttempt, Instant lastAttempt, Instant nextAttempt, Integer responseStatus, String response,
        String error, String request, long revision) {
    static final String PENDING = "Pending";
    static final String DELIVERED = "Delivered";
    static final String RETRYING = "Retrying";
    static final String DEAD = "Dead";
    static final java.util.List<String> STATUSES = java.util.List.of(PENDING, DELIVERED, RETRYING, DEAD);
    private static final String PREFIX = "msg_";

    /** A delivery just made: pending, never tried. */
    static Delivery made(String webhookId, long sequence, String recordType, String recordId, String event, String request, Instant now) {
        return new Delivery(webhookId, sequence, recordType, recordId, event, PENDING, 0, now, null, null, null, null, null, null, request, 0);
    }

    /** The webhook-id header, the same for every attempt of one event to one subscription; also the delivery's id in the API. */
    String messageId() {
        return messageId(webhookId, sequence);
    }

    static String messageId(String webhookId, long sequence) {
        return PREFIX + sequence + "_" + webhookId;
    }

    /** The sequence a message id of this subscription names, or -1 if it names none of its deliveries. */
    static long sequenceOf(String messageId, String webhookId) {
        String suffix = "_" + webhookId;
        if (messageId == null || !messageId.startsWith(PREFIX) || !messageId.endsWith(suffix)) {
            return -1;
        }
        try {
            return Long.parseLong(messageId.substring(PREFIX.length(), messageId.length() - suffix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Which deliveries go out one after the other: those of one subscription and one record. */
    String key() {
        return webhookId + "|" + recordId;
    }

    boolean waiting() {
        return PENDING.equals(status) || RETRYING.equals(status);
    }

    /** The delivery after one try. */
    Delivery tried(Instant at, String newStatus, Instant next, Integer answerStatus, String answer, String failure) {
        return new Delivery(webhookId, sequence, recordType, recordId, event, newStatus, attempts + 1, createdAt,
                firstAttempt == null ? at : firstAttempt, at, next, answerStatus, answer, failure, request, revision + 1);
    }
}
