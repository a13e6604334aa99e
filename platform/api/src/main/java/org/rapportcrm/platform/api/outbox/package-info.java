/**
 * The durable outbox: every committed record change, in commit order, for consumers that must not miss one
 * (webhooks, campaign sends, sync tokens, workflow rules).
 *
 * <p>Each create, update and delete of a record (cascades, bulk creation and imports included) writes one
 * {@link org.rapportcrm.platform.api.outbox.OutboxEntry} in the change's own transaction: a rolled-back change writes
 * none, a committed one is never missed. A consumer registers an
 * {@link org.rapportcrm.platform.api.outbox.OutboxConsumer} as a DS component; the platform runs it on exactly one
 * node of the cluster at a time and hands it its entries in commit order, in batches, within milliseconds of the
 * commit. Its position, kept in the database under its name, moves past a batch only when
 * {@link org.rapportcrm.platform.api.outbox.OutboxConsumer#consume} returns; a batch that throws is given again with
 * a back-off. Delivery is at-least-once: after a node dies, the batch it was consuming is given again on another node.
 *
 * <pre>{@code
 * @Component
 * public class WonDeals implements OutboxConsumer {
 *     public String name() { return "acme.won-deals"; }
 *     public Set<String> recordTypes() { return Set.of("opportunity"); }
 *     public void consume(List<OutboxEntry> batch) throws Exception {
 *         for (OutboxEntry e : batch) {
 *             if (e.changedFields().contains("stage") && "Closed won".equals(e.values().get("stage"))) {
 *                 send(e.recordId());    // idempotent on e.sequence(): a batch may come again
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Entries are kept for {@link org.rapportcrm.platform.api.outbox.Outbox#RETENTION}; within that time a consumer can
 * be moved back to a point in time ({@link org.rapportcrm.platform.api.outbox.Outbox#replay}).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.rapportcrm.platform.api.outbox;
