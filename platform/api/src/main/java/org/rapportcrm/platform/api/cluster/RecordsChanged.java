package org.rapportcrm.platform.api.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the platform publishes on {@link #TOPIC} when a transaction created, changed or deleted records of one type, so
 * that other nodes' copies of record data (a node-local search index, say) can follow: the records of {@code type}
 * whose update time is {@code updatedSince} or later (by the writing node's clock) include every one the transaction
 * created or changed, and {@code deletedIds} are the records it deleted. Read the changed records with an
 * {@code updatedAt ge} query.
 *
 * @param updatedSince the earliest update time among the created and changed records; null if none was
 * @param deletedIds the deleted records' ids; empty if none was
 */
public record RecordsChanged(String type, Instant updatedSince, List<String> deletedIds) {
    /** The topic the platform publishes record changes on. */
    public static final String TOPIC = "rapport.records";

    private static final char SEPARATOR = ' ';
    /** Deleted ids per notice, so that one stays well under {@link ClusterChanges#MAX_PAYLOAD_BYTES}. */
    private static final int IDS_PER_NOTICE = 100;

    public RecordsChanged {
        Objects.requireNonNull(type, "type");
        deletedIds = List.copyOf(deletedIds);
    }

    /** The notices that say this, each within the payload limit. */
    public List<String> toPayloads() {
        List<String> payloads = new ArrayList<>();
        int from = 0;
        do {
            int to = Math.min(deletedIds.size(), from + IDS_PER_NOTICE);
            StringBuilder b = new StringBuilder(type).append(SEPARATOR).append(from == 0 && updatedSince != null ? updatedSince.toEpochMilli() : "-");
            deletedIds.subList(from, to).forEach(id -> b.append(SEPARATOR).append(id));
            payloads.add(b.toString());
            from = to;
        } while (from < deletedIds.size());
        return payloads;
    }

    /**
     * Reads one notice.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static RecordsChanged fromPayload(String payload) {
        String[] parts = payload.split(String.valueOf(SEPARATOR));
        if (parts.length < 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("Not a records notice: " + payload);
        }
        try {
            Instant since = parts[1].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(parts[1]));
            return new RecordsChanged(parts[0], since, List.of(parts).subList(2, parts.length));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a records notice: " + payload, e);
        }
    }
}
