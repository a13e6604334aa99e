package org.rapportcrm.platform.api.automation;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.metadata.FieldDefinition;

/**
 * Whiteboard SPI: something automation rules can do when they fire ("award 10 points", "create a follow-up task",
 * "send an email"). The rule engine runs actions after the triggering change committed, off the request thread;
 * an action that throws is logged with its bundle and does not stop the rule's other actions.
 * <p>
 * The rule engine runs an action at least once for each firing (a node dying mid-action runs it again on another):
 * make it idempotent where a repeat would hurt.
 *
 * <pre>
 * &#64;Component
 * public class AwardPoints implements AutomationAction {
 *     public String id() { return "loyalty.award-points"; }
 *     public String label() { return "Award loyalty points"; }
 *     public List&lt;FieldDefinition&gt; parameters() {
 *         return List.of(FieldDefinition.builder("points", FieldType.INTEGER).required(true).build());
 *     }
 *     public void execute(AutomationContext context) { ... }
 * }
 * </pre>
 */
@ConsumerType
public interface AutomationAction {
    /** Unique and stable, prefixed by the contributing capability, for example {@code loyalty.award-points}. */
    String id();

    String label();

    List<FieldDefinition> parameters();

    void execute(AutomationContext context) throws Exception;

    /**
     * What the action would do in this context, in a sentence for a person ("Set Stage to Negotiation"), for a rule's
     * test mode; it must change nothing. @since 1.1
     */
    default String describe(AutomationContext context) {
        return label() + " " + context.parameters();
    }
}
