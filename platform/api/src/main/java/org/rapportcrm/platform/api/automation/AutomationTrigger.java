package org.rapportcrm.platform.api.automation;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: something a capability notices about a record that workflow rules can start from, beside record
 * changes, dates and schedules ("SLA breached" on a case, "e-mail bounced" on a contact). Register it so rule editors
 * offer it, and call {@link AutomationEvents#fire} when it happens.
 *
 * <pre>
 * &#64;Component
 * public class SlaBreached implements AutomationTrigger {
 *     public String id() { return "service.sla-breached"; }
 *     public String label() { return "SLA breached"; }
 *     public Set&lt;String&gt; recordTypes() { return Set.of("case"); }
 * }
 * </pre>
 *
 * @since 1.1
 */
@ConsumerType
public interface AutomationTrigger {
    /** Unique and stable, prefixed by the contributing capability, for example {@code service.sla-breached}. */
    String id();

    String label();

    /** The record types it fires for; empty means any. */
    Set<String> recordTypes();
}
