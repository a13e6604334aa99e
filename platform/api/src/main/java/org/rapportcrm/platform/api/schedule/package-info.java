/**
 * Durable, clustered scheduling of background work: SLA clocks, journeys, campaign sends, webhook retries, rescoring,
 * imports. Capabilities never start timer threads for work that must survive a restart; they register a
 * {@link org.rapportcrm.platform.api.schedule.ScheduledTaskHandler} and schedule task instances for it with the
 * {@link org.rapportcrm.platform.api.schedule.TaskScheduler}. Tasks live in the database, so they survive restarts and
 * run on exactly one node of a cluster at a time; a task held by a node that dies is taken over by another.
 *
 * <pre>{@code
 * @Component
 * public class SlaBreachHandler implements ScheduledTaskHandler {
 *     public String name() { return "service.sla-breach"; }
 *     public TaskOutcome run(TaskRun run) {
 *         escalate((String) run.data().get("caseId"));   // idempotent: may run again after a node's death
 *         return TaskOutcome.done();
 *     }
 * }
 *
 * // in a record trigger, so the clock starts only if the case is saved:
 * scheduler.schedule("service.sla-breach", "case-" + id, dueAt, Map.of("caseId", id));
 * }</pre>
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.rapportcrm.platform.api.schedule;
