package org.rapportcrm.platform.core.internal.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.ComponentServiceObjects;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.extension.RankedExtensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validation rules and triggers extensions add to record types, and how each is applied: a failing rule is
 * logged and skipped, a failing trigger refuses the change.
 */
final class ExtensionRules {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionRules.class);

    private final RankedExtensions<RecordValidator> validators = new RankedExtensions<>();
    private final RankedExtensions<RecordTrigger> triggers = new RankedExtensions<>();

    void addValidator(ComponentServiceObjects<RecordValidator> validator) {
        validators.add(validator);
    }

    void removeValidator(ComponentServiceObjects<RecordValidator> validator) {
        validators.remove(validator);
    }

    void addValidator(RecordValidator validator, String bundle) {
        validators.add(validator, bundle);
    }

    void removeValidator(RecordValidator validator) {
        validators.remove(validator);
    }

    void addTrigger(ComponentServiceObjects<RecordTrigger> trigger) {
        triggers.add(trigger);
    }

    void removeTrigger(ComponentServiceObjects<RecordTrigger> trigger) {
        triggers.remove(trigger);
    }

    void addTrigger(RecordTrigger trigger, String bundle) {
        triggers.add(trigger, bundle);
    }

    /** The errors of the validation rules of {@code type}. */
    List<FieldError> errors(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> view = Collections.unmodifiableMap(after);
        for (RankedExtensions.Extension<RecordValidator> extension : validators.all()) {
            RecordValidator validator = extension.service();
            try {
                if (appliesTo(validator.recordTypes(), type)) {
                    errors.addAll(validator.validate(actor, type, before, view));
                }
            } catch (RuntimeException e) {
                LOG.error("Validation rule {} of bundle {} failed on {}; the change goes ahead without it", validator,
                        extension.bundle(), type.getApiName(), e);
            }
        }
        return errors;
    }

    void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        triggersFor(type).forEach(t -> t.beforeWrite(actor, type, before, after));
    }

    void afterWrite(Actor actor, RecordType type, RecordChange change) {
        triggersFor(type).forEach(t -> t.afterWrite(actor, change));
    }

    private List<RecordTrigger> triggersFor(RecordType type) {
        return triggers.all().stream().map(RankedExtensions.Extension::service).filter(t -> appliesTo(t.recordTypes(), type)).toList();
    }

    private static boolean appliesTo(Set<String> recordTypes, RecordType type) {
        return recordTypes.isEmpty() || recordTypes.contains(type.getApiName());
    }
}
