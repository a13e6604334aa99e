package org.rapportcrm.platform.api.job;

import java.time.Instant;

/**
 * A long-running piece of work, such as an import, and how far it got. {@code processed} counts rows read and
 * committed, {@code created} and {@code failed} split them. An {@link Status#INTERRUPTED} job stopped with its server
 * and goes on from its last committed row on another node of the cluster, or when the server is back.
 */
public record Job(String id, String kind, String recordType, Status status, long processed, long created, long failed,
        String actorId, Instant createdAt, Instant startedAt, Instant finishedAt, String message) {

    public enum Status {
        QUEUED, RUNNING, INTERRUPTED, COMPLETED, FAILED;

        public boolean isFinished() {
            return this == COMPLETED || this == FAILED;
        }
    }
}
