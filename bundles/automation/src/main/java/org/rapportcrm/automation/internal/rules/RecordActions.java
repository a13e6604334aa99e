package org.rapportcrm.automation.internal.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

/** The actions every rule can take on records: set fields, create a record or a task, assign. */
final class RecordActions {
    private RecordActions() {
    }

    /** Setting fields: what a record may have set, besides its own fields, is its owner. */
    private static List<FieldError> unknownFields(RecordType type, Map<String, ?> values) {
        return values.keySet().stream()
                .filter(f -> type.field(f).isEmpty() && !SystemFields.WRITABLE.contains(f))
                .map(f -> new FieldError(f, "notFound", type.getApiName() + " has no field '" + f + "' to set"))
                .toList();
    }

    private static String listed(Map<String, ?> values) {
        return values.entrySet().stream().map(e -> e.getKey() + " to '" + e.getValue() + "'").collect(Collectors.joining(", "));
    }

    /** Changes the triggering record, re-reading it once if someone changed it meanwhile. */
    private static Record update(RecordService records, Actor actor, Record record, Map<String, Object> changes) {
        if (record.getId() == null) {
            throw new IllegalStateException("there is no record to change");
        }
        try {
            Record now = records.get(actor, record.getType(), record.getId());
            return records.update(actor, record.getType(), record.getId(), now.getVersion(), changes);
        } catch (StaleVersionException e) {
            Record now = records.get(actor, record.getType(), record.getId());
            return records.update(actor, record.getType(), record.getId(), now.getVersion(), changes);
        }
    }

    /** {@code record.update}: its parameters are the fields to set, values may hold {@code {{field}}} placeholders. */
    @Component(service = org.rapportcrm.platform.api.automation.AutomationAction.class)
    public static class UpdateFields implements RuleAwareAction {
        private final RecordService records;

        @Activate
        public UpdateFields(@Reference RecordService records) {
            this.records = records;
        }

        @Override
        public String id() {
            return "record.update";
        }

        @Override
        public String label() {
            return "Update fields of the record";
        }

        @Override
        public List<FieldDefinition> parameters() {
            return List.of(); // the fields of the rule's record type: {"stage": "Negotiation", "nextStep": "Call {{owner}}"}
        }

        @Override
        public List<FieldError> check(RecordType type, Map<String, Object> parameters) {
            return parameters.isEmpty() ? List.of(new FieldError("", "required", "name at least one field to set"))
                    : unknownFields(type, parameters);
        }

        @Override
        public String describe(AutomationContext context) {
            return "Set " + listed(Placeholders.fill(context.parameters(), context.trigger().record()));
        }

        @Override
        public void execute(AutomationContext context) {
            Record record = context.trigger().record();
            update(records, context.actor(), record, Placeholders.fill(context.parameters(), record));
        }
    }

    /**
     * {@code record.create}: {@code {"type": "activity", "values": {"subject": "Welcome {{name}}", "account": "{{id}}"}}};
     * the new record belongs to the triggering record's owner unless the values say otherwise.
     */
    @Component(service = org.rapportcrm.platform.api.automation.AutomationAction.class)
    public static class CreateRecord implements RuleAwareAction {
        private final RecordService records;
        private final MetadataService metadata;

        @Activate
        public CreateRecord(@Reference RecordService records, @Reference MetadataService metadata) {
            this.records = records;
            this.metadata = metadata;
        }

        @Override
        public String id() {
            return "record.create";
        }

        @Override
        public String label() {
            return "Create a record";
        }

        @Override
        public List<FieldDefinition> parameters() {
            return List.of(FieldDefinition.builder("type", FieldType.TEXT).label("Record type (api name)").required(true).build());
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<FieldError> check(RecordType ruleType, Map<String, Object> parameters) {
            Optional<RecordType> type = Optional.ofNullable(parameters.get("type")).map(Object::toString).flatMap(metadata::type);
            if (type.isEmpty()) {
                return parameters.get("type") == null ? List.of()
                        : List.of(new FieldError("type", "notFound", "there is no record type '" + parameters.get("type") + "'"));
            }
            if (parameters.get("values") != null && !(parameters.get("values") instanceof Map)) {
                return List.of(new FieldError("values", "format", "must be an object of field values"));
            }
            return unknownFields(type.get(), (Map<String, Object>) parameters.getOrDefault("values", Map.of())).stream()
                    .map(e -> new FieldError("values." + e.field(), e.code(), e.message())).toList();
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> values(AutomationContext context) {
            Record trigger = context.trigger().record();
            Map<String, Object> values = new LinkedHashMap<>();
            if (trigger.getOwner() != null) {
                values.put(SystemFields.OWNER, trigger.getOwner());
            }
            values.putAll(Placeholders.fill((Map<String, Object>) context.parameters().getOrDefault("values", Map.of()), trigger));
            return values;
        }

        @Override
        public String describe(AutomationContext context) {
            String type = (String) context.parameters().get("type");
            String label = metadata.type(type).map(RecordType::getLabel).orElse(type);
            return "Create a " + label + " with " + listed(values(context));
        }

        @Override
        public void execute(AutomationContext context) {
            records.create(context.actor(), (String) context.parameters().get("type"), values(context));
        }
    }

    /**
     * {@code record.create-task}: a task for the record's owner (or a user named by id), due some days from now, linked
     * to the record where the activity has a reference to its type (or to the record's account and contact).
     */
    @Component(service = org.rapportcrm.platform.api.automation.AutomationAction.class)
    public static class CreateTask implements org.rapportcrm.platform.api.automation.AutomationAction {
        static final String ACTIVITY = "activity";
        private final RecordService records;
        private final MetadataService metadata;

        @Activate
        public CreateTask(@Reference RecordService records, @Reference MetadataService metadata) {
            this.records = records;
            this.metadata = metadata;
        }

        @Override
        public String id() {
            return "record.create-task";
        }

        @Override
        public String label() {
            return "Create a task";
        }

        @Override
        public List<FieldDefinition> parameters() {
            return List.of(FieldDefinition.builder("subject", FieldType.TEXT).label("Subject ({{field}} for the record's values)").required(true).build(),
                    FieldDefinition.builder("dueInDays", FieldType.INTEGER).label("Due in (days)").build(),
                    FieldDefinition.builder("priority", FieldType.PICKLIST).label("Priority").picklistValues(List.of("Low", "Normal", "High")).build(),
                    FieldDefinition.builder("assignTo", FieldType.OWNER).label("For (the record's owner if empty)").build());
        }

        private Map<String, Object> values(AutomationContext context) {
            Record record = context.trigger().record();
            Map<String, Object> p = context.parameters();
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("subject", Placeholders.fill(p.get("subject"), record));
            task.put("activityType", "Task");
            task.put("status", "Planned");
            if (p.get("priority") != null) {
                task.put("priority", p.get("priority"));
            }
            if (p.get("dueInDays") instanceof Number days) {
                task.put("dueAt", Instant.now().plus(Duration.ofDays(days.longValue())).toString());
            }
            Object owner = p.get("assignTo") != null ? p.get("assignTo") : record.getOwner();
            if (owner != null) {
                task.put(SystemFields.OWNER, owner);
            }
            metadata.type(ACTIVITY).ifPresent(activity -> {
                for (FieldDefinition f : activity.getFields()) {
                    if (f.getType() != FieldType.REFERENCE) {
                        continue;
                    }
                    if (record.getType().equals(f.getReferenceTo()) && record.getId() != null) {
                        task.put(f.getApiName(), record.getId());
                    } else if (record.get(f.getApiName()) instanceof String linked) {
                        task.putIfAbsent(f.getApiName(), linked); // the record's own account, contact, ...
                    }
                }
            });
            return task;
        }

        @Override
        public String describe(AutomationContext context) {
            Map<String, Object> task = values(context);
            return "Create the task '" + task.get("subject") + "'" + (task.get("dueAt") == null ? "" : " due " + task.get("dueAt"))
                    + (task.get(SystemFields.OWNER) == null ? "" : " for user " + task.get(SystemFields.OWNER));
        }

        @Override
        public void execute(AutomationContext context) {
            records.create(context.actor(), ACTIVITY, values(context));
        }
    }

    /**
     * {@code record.assign}: gives the record to a user, or in turn to the active members of a team (round robin,
     * kept by how many times the rule assigned before, so it holds across restarts and nodes).
     */
    @Component(service = org.rapportcrm.platform.api.automation.AutomationAction.class)
    public static class Assign implements org.rapportcrm.platform.api.automation.AutomationAction {
        private final RecordService records;
        private final UserService users;

        @Activate
        public Assign(@Reference RecordService records, @Reference UserService users) {
            this.records = records;
            this.users = users;
        }

        @Override
        public String id() {
            return "record.assign";
        }

        @Override
        public String label() {
            return "Assign the record";
        }

        @Override
        public List<FieldDefinition> parameters() {
            return List.of(FieldDefinition.builder("user", FieldType.OWNER).label("To the user").build(),
                    FieldDefinition.builder("team", FieldType.TEXT).label("Or in turn to the members of the team (id or name)").build());
        }

        private User assignee(AutomationContext context) {
            Object userId = context.parameters().get("user");
            Object team = context.parameters().get("team");
            List<User> all = users.users(Actor.system());
            if (userId != null) {
                return all.stream().filter(u -> u.id().equals(userId) && u.active()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("there is no active user " + userId + " to assign to"));
            }
            if (team == null) {
                throw new IllegalStateException("name a user or a team to assign to");
            }
            String teamId = users.teams(Actor.system()).stream().filter(t -> t.id().equals(team) || t.name().equals(team))
                    .map(Team::id).findFirst().orElseThrow(() -> new IllegalStateException("there is no team " + team));
            List<User> members = new ArrayList<>(all.stream().filter(u -> u.active() && u.teamIds().contains(teamId) && u.accountId() == null)
                    .sorted(java.util.Comparator.comparing(User::id)).toList());
            if (members.isEmpty()) {
                throw new IllegalStateException("team " + team + " has no active member to assign to");
            }
            long turn = records.count(Actor.system(), RuleTypes.RUN, org.rapportcrm.platform.api.query.Filter.eq("rule", context.actor().userId()));
            return members.get((int) (turn % members.size()));
        }

        @Override
        public String describe(AutomationContext context) {
            User to = assignee(context);
            return "Assign to " + to.displayName() + " (" + to.userName() + ")";
        }

        @Override
        public void execute(AutomationContext context) {
            update(records, context.actor(), context.trigger().record(), Map.of(SystemFields.OWNER, assignee(context).id()));
        }
    }
}
