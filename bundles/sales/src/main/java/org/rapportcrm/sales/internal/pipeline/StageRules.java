package org.rapportcrm.sales.internal.pipeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * What a stage means for an opportunity, for every way it changes (board, form, REST, import): the stage must belong
 * to the opportunity's sales process; entering it needs the stage's required fields; probability and forecast
 * category follow the stage unless the same change sets them; {@code closedAt} is set when the deal closes and cleared
 * when it reopens; every stage entered is kept as a {@code stageChange}, in the same transaction, for cycle lengths
 * and stage conversion.
 */
@Component(service = {RecordTrigger.class, RecordValidator.class})
public class StageRules implements RecordTrigger, RecordValidator {
    private static final String STAGE = "stage";
    private static final String CLOSED_AT = "closedAt";
    private final SalesStages stages;
    private final RecordService records;

    @Activate
    public StageRules(@Reference SalesStages stages, @Reference RecordService records) {
        this.stages = stages;
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.OPPORTUNITY);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!stageChanges(before, after)) {
            return;
        }
        String process = (String) after.get("salesProcess");
        String name = (String) after.get(STAGE);
        if (name == null || process == null) {
            return; // the platform reports the missing required field
        }
        List<SalesStage> ofProcess = stages.of(process);
        SalesStage stage = ofProcess.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ValidationException(STAGE, "invalid", "'" + name + "' is not a stage of the sales process '"
                        + process + "'; its stages are " + ofProcess.stream().map(SalesStage::name).toList()));
        followStage(before, after, "probability", stage.probability());
        followStage(before, after, "forecastCategory", stage.forecastCategory());
        boolean wasOpen = before == null || ofProcess.stream().filter(s -> s.name().equals(before.get(STAGE))).findFirst()
                .map(SalesStage::isOpen).orElse(true);
        // An import of past deals brings its own close time; a move on the board closes now.
        boolean closedAtGiven = !Objects.equals(before == null ? null : before.get(CLOSED_AT), after.get(CLOSED_AT));
        if (stage.isOpen()) {
            after.put(CLOSED_AT, null);
        } else if (!closedAtGiven && (wasOpen || after.get(CLOSED_AT) == null)) {
            after.put(CLOSED_AT, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** Takes the stage's value unless the caller set this field in the same change. */
    private static void followStage(Record before, Map<String, Object> after, String field, Object stageValue) {
        Object previous = before == null ? null : before.get(field);
        if (Objects.equals(previous, after.get(field))) {
            after.put(field, stageValue);
        }
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!stageChanges(before, after)) {
            return List.of();
        }
        String name = (String) after.get(STAGE);
        List<FieldError> errors = new ArrayList<>();
        stages.find((String) after.get("salesProcess"), name).ifPresent(stage -> {
            for (String field : stage.requiredFields()) {
                if (after.get(field) == null) {
                    errors.add(new FieldError(field, "required", "is required to enter the stage '" + name + "'"));
                }
            }
        });
        return errors;
    }

    private static boolean stageChanges(Record before, Map<String, Object> after) {
        return before == null || !Objects.equals(before.get(STAGE), after.get(STAGE))
                || !Objects.equals(before.get("salesProcess"), after.get("salesProcess"));
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        Record opportunity = change.record();
        boolean entered = change.kind().equals(RecordEvents.CREATED)
                || change.kind().equals(RecordEvents.UPDATED) && change.changedFields().contains(STAGE);
        if (!entered) {
            return;
        }
        Map<String, Object> entry = new HashMap<>();
        entry.put("opportunity", opportunity.getId());
        entry.put(STAGE, opportunity.get(STAGE));
        entry.put("fromStage", previousStage(opportunity.getId()));
        entry.put("outcome", stages.find((String) opportunity.get("salesProcess"), (String) opportunity.get(STAGE))
                .map(SalesStage::outcome).orElse(null));
        entry.put("probability", opportunity.get("probability"));
        entry.put("amount", opportunity.get("amount"));
        entry.put("enteredAt", opportunity.getUpdatedAt());
        records.create(Actor.system(), SalesTypes.STAGE_CHANGE, entry);
    }

    private String previousStage(String opportunityId) {
        return records.query(Actor.system(), Query.of(SalesTypes.STAGE_CHANGE).where(Filter.eq("opportunity", opportunityId))
                .sortBy("enteredAt", true).limit(1)).items().stream().map(r -> (String) r.get(STAGE)).findFirst().orElse(null);
    }
}
