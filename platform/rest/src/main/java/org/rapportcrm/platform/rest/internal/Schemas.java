package org.rapportcrm.platform.rest.internal;

import static org.rapportcrm.platform.api.rest.JsonSchema.array;
import static org.rapportcrm.platform.api.rest.JsonSchema.bool;
import static org.rapportcrm.platform.api.rest.JsonSchema.integer;
import static org.rapportcrm.platform.api.rest.JsonSchema.ref;
import static org.rapportcrm.platform.api.rest.JsonSchema.string;

import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.security.AccessScope;

/** The shapes the platform's own endpoints read and answer, defined once under {@code #/components/schemas}. */
final class Schemas {
    static final String PROBLEM = "Problem";
    static final String CURRENCY = "CurrencyCode";
    static final String USER = "User";
    static final String TEAM = "Team";
    static final String ROLE = "Role";
    static final String API_TOKEN = "ApiToken";
    static final String SESSION = "Session";
    static final String JOB = "Job";
    static final String JOB_ERROR = "JobError";
    static final String FIELD = "FieldDefinition";
    static final String RECORD_TYPE = "RecordType";
    static final String CHANGE = "Change";
    static final String LIST_VIEW = "ListView";
    static final String DELETION = "Deletion";
    static final JsonSchema PROBLEM_SCHEMA = ref(PROBLEM);
    static final JsonSchema ON_DELETE = string().enumValues(java.util.Arrays.stream(DeleteRule.values()).map(Enum::name).toList());

    private Schemas() {
    }

    /** A list answered as {@code {"items": [...]}}. */
    static JsonSchema items(JsonSchema item) {
        return JsonSchema.object().openProperties().property("items", array(item)).required("items");
    }

    static Map<String, Object> components() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(PROBLEM, JsonSchema.object().openProperties().description("RFC 9457 problem details")
                .property("type", string().format("uri")).property("title", string()).property("status", integer())
                .property("detail", string()).property("instance", string())
                .property("errors", array(JsonSchema.object().openProperties()
                        .property("field", string().nullable().description("the parameter, field or header at fault"))
                        .property("code", string()).property("message", string()).required("field", "code", "message")))
                .required("type", "title", "status").toJson());
        c.put(CURRENCY, string().enumValues(Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).sorted().toList())
                .description("ISO 4217 currency code").toJson());
        c.put(USER, JsonSchema.object().openProperties()
                .property("id", string().readOnly()).property("userName", string()).property("displayName", string())
                .property("email", string().nullable()).property("active", bool()).property("roles", array(string()))
                .property("teamIds", array(string())).property("createdAt", string().format("date-time").readOnly())
                .property("accountId", string().nullable().description("the account of an external principal (a portal user)"))
                .property("contactId", string().nullable().description("the contact of its account an external principal is"))
                .required("id", "userName", "displayName", "active", "roles", "teamIds").toJson());
        c.put(TEAM, JsonSchema.object().openProperties().property("id", string().readOnly()).property("name", string())
                .property("memberIds", array(string())).required("id", "name", "memberIds").toJson());
        JsonSchema scope = string().enumValues(java.util.Arrays.stream(AccessScope.values()).map(Enum::name).toList());
        c.put(ROLE, JsonSchema.object().openProperties().property("name", string()).property("label", string())
                .property("grants", array(JsonSchema.object().openProperties().property("recordType", string().description("a type, or * for every type"))
                        .property("read", scope).property("create", bool()).property("edit", scope).property("delete", scope)))
                .property("fields", array(JsonSchema.object().openProperties().property("recordType", string()).property("field", string())
                        .property("read", bool()).property("edit", bool())).description("fields hidden from the role or read-only for it"))
                .property("permissions", array(string()).description("transfer, export, manageSettings"))
                .property("builtIn", bool().readOnly()).property("version", integer().minimum(1).readOnly().description("the ETag"))
                .required("name", "label", "grants").toJson());
        c.put(LIST_VIEW, JsonSchema.object().openProperties().property("id", string().readOnly()).property("recordType", string())
                .property("name", string()).property("columns", array(string()).description("fields shown, in order; empty: the type's defaults"))
                .property("filter", string().nullable().description("in the filter language of the list endpoints; owner eq me: the records of whoever opens it"))
                .property("sort", string().nullable().description("a field, -field for descending"))
                .property("shared", bool().description("visible to everyone who may read the type"))
                .property("ownerId", string().readOnly()).property("version", integer().minimum(1).readOnly().description("the ETag"))
                .required("id", "recordType", "name", "columns", "shared", "ownerId", "version").toJson());
        c.put(API_TOKEN, JsonSchema.object().openProperties().property("id", string()).property("name", string())
                .property("createdAt", string().format("date-time")).required("id", "name", "createdAt").toJson());
        c.put(SESSION, JsonSchema.object().openProperties()
                .property("signedIn", bool().description("false without a session: then neither user nor csrfToken is given"))
                .property("user", ref(USER))
                .property("csrfToken", string().description("send as X-CSRF-Token with every change made with the session cookie"))
                .required("signedIn").toJson());
        c.put(JOB, JsonSchema.object().openProperties().property("id", string()).property("kind", string())
                .property("recordType", string().nullable())
                .property("status", string().enumValues(java.util.Arrays.stream(Job.Status.values()).map(Enum::name).toList()))
                .property("processed", integer().minimum(0)).property("created", integer().minimum(0)).property("failed", integer().minimum(0))
                .property("actorId", string().nullable()).property("createdAt", string().format("date-time"))
                .property("startedAt", string().format("date-time").nullable()).property("finishedAt", string().format("date-time").nullable())
                .property("message", string().nullable()).required("id", "kind", "status", "processed", "created", "failed").toJson());
        c.put(JOB_ERROR, JsonSchema.object().openProperties().property("row", integer()).property("field", string().nullable())
                .property("message", string()).required("row", "message").toJson());
        c.put(FIELD, JsonSchema.object().openProperties().property("apiName", string()).property("label", string())
                .property("type", string().enumValues(java.util.Arrays.stream(FieldType.values()).map(Enum::name).toList()))
                .property("required", bool()).property("unique", bool()).property("maxLength", integer().nullable())
                .property("scale", integer().nullable()).property("defaultValue", JsonSchema.any())
                .property("minValue", JsonSchema.number().nullable()).property("maxValue", JsonSchema.number().nullable())
                .property("picklistValues", array(string())).property("referenceTo", string().nullable())
                .property("custom", bool()).property("searchable", bool()).property("indexed", bool())
                .property("searchState", string().enumValues("OFF", "BUILDING", "READY", "FAILED")
                        .description("where making it searchable stands: it is searched once READY"))
                .property("indexState", string().enumValues("OFF", "BUILDING", "READY", "FAILED")
                        .description("where indexing it stands: lists filter and sort by it through its index once READY"))
                .property("master", bool().description("a reference to the record this one is part of: writing it needs the right to edit that one"))
                .property("onDelete", ON_DELETE.nullable().description("for a reference: what deleting the record it points at does "
                        + "to the records holding it: RESTRICT refuses the delete, SET_NULL clears the reference, CASCADE deletes them too"))
                .required("apiName", "label", "type").toJson());
        c.put(RECORD_TYPE, JsonSchema.object().openProperties().property("apiName", string()).property("pluralApiName", string())
                .property("label", string().nullable()).property("pluralLabel", string().nullable()).property("nameField", string())
                .property("fields", array(ref(FIELD)))
                .property("parentField", string().nullable().description("a child type's reference to its parent record; null for a type of its own"))
                .property("capability", string().nullable().description("the capability that contributed the type; null for the platform's own"))
                .property("kind", string().enumValues("DATA", "CONFIGURATION", "SYSTEM")
                        .description("DATA: the roles' grants decide; CONFIGURATION: settings, written with manageSettings; SYSTEM: written by Rapport only"))
                .property("sortableFields", array(string()).description("the fields its lists can be sorted by, both ways, "
                        + "without sorting the table for each page"))
                .required("apiName", "pluralApiName", "nameField", "fields").toJson());
        c.put(CHANGE, JsonSchema.object().openProperties().property("at", string().format("date-time")).property("actorId", string().nullable())
                .property("actorName", string().nullable()).property("recordType", string()).property("recordId", string())
                .property("version", integer()).property("operation", string().enumValues("CREATE", "UPDATE", "DELETE", "FILE_ADD", "FILE_READ", "FILE_DEL")
                        .description("FILE_ADD, FILE_READ (of a confidential file) and FILE_DEL name the file in newValue"))
                .property("field", string().nullable()).property("oldValue", string().nullable()).property("newValue", string().nullable())
                .required("at", "recordType", "recordId", "version", "operation").toJson());
        JsonSchema typeCount = JsonSchema.object().openProperties().property("type", string()).property("count", integer().minimum(1))
                .required("type", "count");
        JsonSchema fieldCount = JsonSchema.object().openProperties().property("type", string()).property("field", string())
                .property("count", integer().minimum(1)).required("type", "field", "count");
        c.put(FileResource.FILE, FileResource.schema().toJson());
        c.put(DELETION, JsonSchema.object().openProperties().description("What deleting a record would do")
                .property("allowed", bool().description("false if a RESTRICT reference refuses the delete"))
                .property("blockedBy", array(fieldCount).description("references refusing the delete: how many records of a type hold one"))
                .property("deletes", array(typeCount).description("other records deleted with it (CASCADE), by type"))
                .property("clears", array(fieldCount).description("references cleared (SET_NULL) in records that stay"))
                .required("allowed", "blockedBy", "deletes", "clears").toJson());
        return c;
    }
}
