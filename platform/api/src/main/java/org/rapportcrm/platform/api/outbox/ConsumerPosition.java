package org.rapportcrm.platform.api.outbox;

import java.time.Instant;

/**
 * Where a consumer stands.
 *
 * @param consumer its name
 * @param sequence the sequence of the last entry it has consumed (entries after it come next)
 * @param node the node that runs it now, or null if none holds it
 * @param failures how many times in a row its current batch failed; 0 when it is fine
 * @param lastError the last failure's message, or null
 * @param retryAt when a failed batch is given again, or null
 */
public record ConsumerPosition(String consumer, long sequence, String node, int failures, String lastError, Instant retryAt) {
}
