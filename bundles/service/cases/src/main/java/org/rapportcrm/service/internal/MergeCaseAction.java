package org.rapportcrm.service.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.Actor;

/**
 * {@code POST /api/v1/cases/{id}/merge} with {@code {"into": "<master case id>"}}: the duplicate's records (those of
 * every type referring to it, its related cases, activities, and what other capabilities attach to cases) move to the
 * master, the master gets a "Duplicate" link to it, and the duplicate is closed as merged into the master. One
 * transaction, each step an audited update as the caller, who must be allowed to edit both cases.
 */
@Component
public class MergeCaseAction implements RecordAction {
    private final RecordService records;
    private final MetadataService metadata;

    @Activate
    public MergeCaseAction(@Reference RecordService records, @Reference MetadataService metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    @Override
    public String recordType() {
        return ServiceTypes.CASE;
    }

    @Override
    public String name() {
        return "merge";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Merge a duplicate case into its master")
                .description("Moves every record referring to this case to the master, links them as duplicates and closes this "
                        + "case as merged into the master.")
                .requestBody(JsonSchema.object().property("into", JsonSchema.string().maxLength(36).description("id of the master case"))
                        .required("into"))
                .response(200, "The master case", JsonSchema.record(ServiceTypes.CASE))
                .handler(ex -> ex.send(200, merge(ex.actor(), ex.pathParameter("id"), (String) ex.body().get("into")))));
    }

    Record merge(Actor actor, String duplicateId, String masterId) {
        if (duplicateId.equals(masterId)) {
            throw new ValidationException("into", "invalid", "a case cannot be merged into itself");
        }
        return records.inTransaction(() -> {
            Record duplicate = records.get(actor, ServiceTypes.CASE, duplicateId);
            Record master = records.get(actor, ServiceTypes.CASE, masterId);
            if (duplicate.get("mergedInto") != null) {
                throw new ValidationException("id", "invalid", "this case was merged already");
            }
            if (master.get("mergedInto") != null) {
                throw new ValidationException("into", "invalid", "the master case was itself merged into another");
            }
            for (RecordType type : metadata.types()) {
                for (FieldDefinition field : type.getFields()) {
                    if (field.getType() == FieldType.REFERENCE && ServiceTypes.CASE.equals(field.getReferenceTo())
                            && !isMergeLink(type, field)) {
                        move(actor, type, field.getApiName(), duplicateId, masterId);
                    }
                }
            }
            records.create(actor, ServiceTypes.RELATED_CASE, Map.of("case", masterId, "relatedCase", duplicateId, "relation", "Duplicate"));
            Record current = records.get(actor, ServiceTypes.CASE, duplicateId);
            records.update(actor, ServiceTypes.CASE, duplicateId, current.getVersion(), Map.of("mergedInto", masterId));
            return records.get(actor, ServiceTypes.CASE, masterId);
        });
    }

    /** The links that record the merge itself stay where they are. */
    private static boolean isMergeLink(RecordType type, FieldDefinition field) {
        return ServiceTypes.CASE.equals(type.getApiName()) && "mergedInto".equals(field.getApiName())
                || ServiceTypes.RELATED_CASE.equals(type.getApiName()) && "relatedCase".equals(field.getApiName());
    }

    private void move(Actor actor, RecordType type, String field, String from, String to) {
        List<Record> referring = records.all(actor, Query.of(type.getApiName()).where(Filter.eq(field, from)).limit(Query.MAX_LIMIT));
        for (Record r : referring) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put(field, to);
            records.update(actor, type.getApiName(), r.getId(), r.getVersion(), change);
        }
    }
}
