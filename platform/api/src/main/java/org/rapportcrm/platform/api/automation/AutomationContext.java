package org.rapportcrm.platform.api.automation;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.security.Actor;

/** What an automation action or condition works with when a rule fires. */
@ProviderType
public interface AutomationContext {
    /** The committed change that fired the rule. */
    RecordChange trigger();

    /** The rule's settings for this action or condition, converted to the types its {@code parameters()} declare. */
    Map<String, Object> parameters();

    /** Whom the rule acts as: changes it makes are permitted, audited and attributed as this actor's. */
    Actor actor();

    /**
     * For an update, the values the changed fields had before it, as the outbox keeps them (plain JSON values:
     * text, numbers, booleans, lists and maps); empty for a creation, a deletion, a time-based or scheduled run and a
     * capability's event.
     *
     * @since 1.1
     */
    Map<String, Object> previousValues();

    /** The name of the rule that runs, for messages ("Rule 'Big deals' assigned you ..."). @since 1.1 */
    String ruleName();

    /**
     * For a rule fired by a capability's {@link AutomationTrigger}, its id; null when a record change, a date or a
     * schedule fired it. @since 1.1
     */
    String event();

    /** What the capability told with its event ({@link AutomationEvents#fire}); empty otherwise. @since 1.1 */
    Map<String, Object> eventData();
}
