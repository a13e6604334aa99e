package org.rapportcrm.service.surveys.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A survey is checked when it is saved: only CSAT is sent on case close, and only one survey at a time (else a
 * customer would get two e-mails for one case); only NPS has an audience, a filter on contacts that must be valid;
 * the kind of a survey that has responses stays, so its results keep their meaning.
 */
@Component(service = RecordValidator.class)
public class SurveyRules implements RecordValidator {
    private final RecordService records;
    private final RecordFilters filters;

    @Activate
    public SurveyRules(@Reference RecordService records, @Reference RecordFilters filters) {
        this.records = records;
        this.filters = filters;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SurveyTypes.SURVEY);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        List<FieldError> errors = new ArrayList<>();
        boolean nps = SurveyTypes.NPS.equals(after.get("kind"));
        boolean onClose = Boolean.TRUE.equals(after.get("sendOnCaseClose"));
        String audience = (String) after.get("audience");
        if (nps && onClose) {
            errors.add(new FieldError("sendOnCaseClose", "invalid", "only a CSAT survey is sent when a case closes"));
        }
        if (audience != null && !audience.isBlank()) {
            if (!nps) {
                errors.add(new FieldError("audience", "invalid", "a CSAT survey goes to the contact of each closed case; only NPS surveys have an audience"));
            } else {
                try {
                    filters.compile("contact", audience);
                } catch (InvalidQueryException e) {
                    errors.add(new FieldError("audience", "invalid", e.getMessage()));
                }
            }
        }
        if (before != null && !Objects.equals(before.get("kind"), after.get("kind")) && hasResponses(before.getId())) {
            errors.add(new FieldError("kind", "invalid", "the survey has responses; make a new survey for another kind"));
        }
        if (!nps && onClose && !Boolean.FALSE.equals(after.get("active"))) {
            records.query(Actor.system(), Query.of(SurveyTypes.SURVEY).where(Filter.and(Filter.eq("kind", SurveyTypes.CSAT),
                    Filter.eq("sendOnCaseClose", true), Filter.eq("active", true))).limit(2)).items().stream()
                    .filter(other -> before == null || !other.getId().equals(before.getId())).findFirst()
                    .ifPresent(other -> errors.add(new FieldError("sendOnCaseClose", "conflict",
                            "the survey '" + other.get("name") + "' is already sent when a case closes; deactivate it first")));
        }
        return errors;
    }

    private boolean hasResponses(String surveyId) {
        return records.count(Actor.system(), SurveyTypes.RESPONSE, Filter.eq("survey", surveyId)) > 0;
    }
}
