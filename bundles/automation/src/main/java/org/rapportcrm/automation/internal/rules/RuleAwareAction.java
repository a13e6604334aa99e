package org.rapportcrm.automation.internal.rules;

import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;

/** A built-in action whose settings depend on the rule's record type, checked when the rule is saved. */
interface RuleAwareAction extends AutomationAction {
    /** The settings in error; {@link FieldError#field()} names the setting, or is empty for the whole. */
    List<FieldError> check(RecordType type, Map<String, Object> parameters);
}
