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
}
