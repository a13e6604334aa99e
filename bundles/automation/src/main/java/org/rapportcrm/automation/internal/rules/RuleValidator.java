package org.rapportcrm.automation.internal.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/** A rule is saved only when it can run: every field in error is named (422), against what is installed now. */
@Component
public class RuleValidator implements RecordValidator {
    private final RuleParser parser;

    @Activate
    public RuleValidator(@Reference RuleParser parser) {
        this.parser = parser;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(RuleTypes.RULE);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        try {
            parser.parse(before == null ? null : before.getId(), after, true);
            return List.of();
        } catch (ValidationException e) {
            return e.getErrors();
        }
    }
}
