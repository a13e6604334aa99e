package org.rapportcrm.sales.internal.lead;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * A web form's consent checkboxes must read ({@link ConsentCheckbox}) and, while the marketing capability is installed
 * (its consent purposes are a registered type), name a consent purpose by its name or id. Without marketing the lines
 * are only read: the purposes cannot be known, and the checkboxes are then answered but not recorded in any ledger.
 */
@Component
public class WebFormConsents implements RecordValidator {
    /** The marketing capability's consent purposes, known to sales only by the type's name. */
    static final String CONSENT_PURPOSE = "consentPurpose";
    private final RecordService records;
    private final MetadataService metadata;

    @Activate
    public WebFormConsents(@Reference RecordService records, @Reference MetadataService metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.WEB_FORM);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Object text = after.get(SalesTypes.CONSENT_CHECKBOXES);
        if (text == null || before != null && Objects.equals(before.get(SalesTypes.CONSENT_CHECKBOXES), text)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>(ConsentCheckbox.problems(text.toString()));
        if (problems.isEmpty() && metadata.type(CONSENT_PURPOSE).isPresent()) {
            for (ConsentCheckbox box : ConsentCheckbox.parse(text.toString())) {
                if (records.count(Actor.system(), CONSENT_PURPOSE, Filter.or(Filter.eq("name", box.purpose()), Filter.eq("id", box.purpose()))) == 0) {
                    problems.add("there is no consent purpose '" + box.purpose() + "' (for the form field '" + box.formField() + "')");
                }
            }
        }
        return problems.stream().map(p -> new FieldError(SalesTypes.CONSENT_CHECKBOXES, "invalid", p)).toList();
    }
}
