package org.rapportcrm.platform.api.automation;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The actions, conditions and triggers installed capabilities offer, for rule editors and the rule engine. Ask the registry,
 * never the providers: it tracks them as bundles come and go.
 */
@ProviderType
public interface AutomationRegistry {
    List<AutomationAction> actions();

    List<AutomationCondition> conditions();

    Optional<AutomationAction> action(String id);

    Optional<AutomationCondition> condition(String id);

    /** @since 1.1 */
    List<AutomationTrigger> triggers();

    /** @since 1.1 */
    Optional<AutomationTrigger> trigger(String id);
}
