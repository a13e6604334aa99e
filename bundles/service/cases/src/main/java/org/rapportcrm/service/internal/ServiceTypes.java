package org.rapportcrm.service.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.service.api.Cases;

/**
 * The record types of customer service. Cases are business records; queues, their members, agents' skills and
 * capacities, assignment rules, SLA policies with their targets and business calendars with their holidays are settings
 * (administrators and the manage-settings permission change them); the case number sequence is the capability's own.
 */
@Component
public class ServiceTypes implements RecordTypeProvider {
    public static final String CASE = Cases.TYPE;
    public static final String RELATED_CASE = "relatedCase";
    public static final String CASE_NUMBER_SEQUENCE = "caseNumberSequence";
    public static final String QUEUE = "queue";
    public static final String QUEUE_MEMBER = "queueMember";
    public static final String AGENT_PROFILE = "agentProfile";
    public static final String ASSIGNMENT_RULE = "caseAssignmentRule";
    public static final String SLA_POLICY = "slaPolicy";
    public static final String SLA_TARGET = "slaTarget";
    public static final String CALENDAR = "businessCalendar";
    public static final String HOLIDAY = "businessHoliday";

    public static final List<String> TIERS = List.of("Standard", "Silver", "Gold", "Platinum");
    public static final List<String> CATEGORIES = List.of("General", "Billing", "Technical", "Account", "Feature request", "Complaint");
    public static final String ON_TRACK = "On track";
    public static final String WARNING = "Warning";
    public static final String BREACHED = "Breached";
    public static final String MET = "Met";
    public static final String PAUSED = "Paused";
    public static final List<String> SLA_STATES = List.of(ON_TRACK, WARNING, BREACHED, MET, PAUSED);
    public static final String ROUND_ROBIN = "Round robin";
    public static final String LEAST_OPEN = "Least open cases";
    public static final String SKILLS = "Skills based";
    public static final String MANUAL = "Manual";
    public static final List<String> ROUTINGS = List.of(ROUND_ROBIN, LEAST_OPEN, SKILLS, MANUAL);
    public static final List<String> WEEKDAY_FIELDS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    private static final BigDecimal ZERO = BigDecimal.ZERO;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal ONE = BigDecimal.ONE;

    /**
     * Cases are service history: an account or contact with cases is not deleted (RESTRICT) until they are moved.
     * The SLA fields are the capability's to keep (set on every write from the policy); {@code slaDueAt} is the next
     * due time of a running clock, indexed with the queue so "my queue by SLA due" reads an index.
     */
    static final RecordType CASE_TYPE = new RecordType(CASE, Cases.PLURAL, "Case", "Cases", "subject", List.of(
            builder("caseNumber", FieldType.TEXT).label("Case number").maxLength(20).unique(true).searchable(true).build(),
            builder("subject", FieldType.TEXT).label("Subject").maxLength(255).required(true).searchable(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build(),
            builder("account", FieldType.REFERENCE).label("Account").referenceTo("account").onDelete(DeleteRule.RESTRICT).build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").onDelete(DeleteRule.RESTRICT).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(Cases.STATUSES).required(true).defaultValue(Cases.NEW).indexed(true).build(),
            builder("priority", FieldType.PICKLIST).label("Priority").picklistValues(Cases.PRIORITIES).required(true).defaultValue("Medium").build(),
            builder("channel", FieldType.PICKLIST).label("Channel").picklistValues(Cases.CHANNELS).build(),
            builder("category", FieldType.PICKLIST).label("Category").picklistValues(CATEGORIES).build(),
            builder("language", FieldType.TEXT).label("Language").maxLength(10).build(),
            builder("accountTier", FieldType.PICKLIST).label("Account tier").picklistValues(TIERS).build(),
            builder("queue", FieldType.REFERENCE).label("Queue").referenceTo(QUEUE).indexed(true).build(),
            // When the customer asked (an e-mail's arrival); the SLA clocks run from it. Set to the creation if not given.
            builder(Cases.OPENED_AT, FieldType.DATE_TIME).label("Opened").build(),
            builder(Cases.LAST_RESPONSE_AT, FieldType.DATE_TIME).label("Last response").build(),
            builder(Cases.CUSTOMER_REPLIED_AT, FieldType.DATE_TIME).label("Customer replied").build(),
            builder("responseCount", FieldType.INTEGER).label("Responses").defaultValue(0).build(),
            builder("firstResponseAt", FieldType.DATE_TIME).label("First response").build(),
            builder("resolvedAt", FieldType.DATE_TIME).label("Resolved").indexed(true).build(),
            builder("closedAt", FieldType.DATE_TIME).label("Closed").build(),
            builder("mergedInto", FieldType.REFERENCE).label("Merged into").referenceTo(CASE).build(),
            builder("slaPolicy", FieldType.REFERENCE).label("SLA policy").referenceTo(SLA_POLICY).build(),
            builder("slaStatus", FieldType.PICKLIST).label("SLA").picklistValues(SLA_STATES).build(),
            builder("slaDueAt", FieldType.DATE_TIME).label("SLA due").indexed(true).build(),
            builder("firstResponseDueAt", FieldType.DATE_TIME).label("First response due").build(),
            builder("firstResponseWarningAt", FieldType.DATE_TIME).label("First response warning").build(),
            builder("nextResponseDueAt", FieldType.DATE_TIME).label("Next response due").build(),
            builder("nextResponseWarningAt", FieldType.DATE_TIME).label("Next response warning").build(),
            builder("resolutionDueAt", FieldType.DATE_TIME).label("Resolution due").build(),
            builder("resolutionWarningAt", FieldType.DATE_TIME).label("Resolution warning").build(),
            builder("slaPausedAt", FieldType.DATE_TIME).label("SLA paused since").build(),
            builder("slaPausedSeconds", FieldType.INTEGER).label("SLA paused (business seconds)").defaultValue(0).build(),
            // Escalations that fired ("resolution:breach:<clock start>"), so each fires once however often its task runs.
            builder("slaEvents", FieldType.LONG_TEXT).label("SLA escalations").build(),
            builder("firstResponseMinutes", FieldType.INTEGER).label("First response (business minutes)").build(),
            builder("resolutionMinutes", FieldType.INTEGER).label("Resolution (business minutes)").build()));

    static final RecordType RELATED_CASE_TYPE = new RecordType(RELATED_CASE, "relatedCases", "Related case", "Related cases", "relation", List.of(
            builder("case", FieldType.REFERENCE).label("Case").referenceTo(CASE).required(true).build(),
            builder("relatedCase", FieldType.REFERENCE).label("Related case").referenceTo(CASE).required(true).onDelete(DeleteRule.CASCADE).build(),
            builder("relation", FieldType.PICKLIST).label("Relation").picklistValues(List.of("Related", "Duplicate", "Caused by", "Follow-up"))
                    .required(true).defaultValue("Related").build())).childOf("case");

    static final RecordType CASE_NUMBER_SEQUENCE_TYPE = new RecordType(CASE_NUMBER_SEQUENCE, "caseNumberSequences", "Case number sequence",
            "Case number sequences", "prefix", List.of(
            builder("prefix", FieldType.TEXT).label("Prefix").maxLength(10).required(true).unique(true).build(),
            builder("nextNumber", FieldType.INTEGER).label("Next number").required(true).build())).withKind(RecordType.Kind.SYSTEM);

    static final RecordType QUEUE_TYPE = new RecordType(QUEUE, "queues", "Queue", "Queues", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).unique(true).searchable(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build(),
            builder("routing", FieldType.PICKLIST).label("Routing").picklistValues(ROUTINGS).required(true).defaultValue(ROUND_ROBIN).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("lastAssignedUser", FieldType.TEXT).label("Last assigned user").maxLength(36).build())).withKind(RecordType.Kind.CONFIGURATION);

    /** A user, or every active member of a team, works the queue's cases. */
    static final RecordType QUEUE_MEMBER_TYPE = new RecordType(QUEUE_MEMBER, "queueMembers", "Queue member", "Queue members", "queue", List.of(
            builder("queue", FieldType.REFERENCE).label("Queue").referenceTo(QUEUE).required(true).build(),
            builder("user", FieldType.TEXT).label("User (id)").maxLength(36).build(),
            builder("team", FieldType.TEXT).label("Team (id)").maxLength(36).build())).childOf("queue").withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType AGENT_PROFILE_TYPE = new RecordType(AGENT_PROFILE, "agentProfiles", "Agent profile", "Agent profiles", "user", List.of(
            builder("user", FieldType.TEXT).label("User (id)").maxLength(36).required(true).unique(true).build(),
            // Comma-separated: categories and languages the agent handles ("Billing, Technical, de, fr").
            builder("skills", FieldType.TEXT).label("Skills").maxLength(500).build(),
            builder("capacity", FieldType.INTEGER).label("Capacity (open cases)").minValue(ONE).build(),
            builder("available", FieldType.BOOLEAN).label("Available").defaultValue(true).build())).withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType ASSIGNMENT_RULE_TYPE = new RecordType(ASSIGNMENT_RULE, "caseAssignmentRules", "Case assignment rule",
            "Case assignment rules", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
            builder("position", FieldType.INTEGER).label("Order").required(true).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            // A filter on cases in the lists' language: category eq 'Billing' and accountTier in ('Gold','Platinum').
            builder("filter", FieldType.TEXT).label("Cases matching").maxLength(1000).build(),
            builder("queue", FieldType.REFERENCE).label("Route to queue").referenceTo(QUEUE).required(true).onDelete(DeleteRule.CASCADE).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType SLA_POLICY_TYPE = new RecordType(SLA_POLICY, "slaPolicies", "SLA policy", "SLA policies", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
            builder("position", FieldType.INTEGER).label("Order").required(true).defaultValue(1).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("filter", FieldType.TEXT).label("Cases matching").maxLength(1000).build(),
            builder("calendar", FieldType.REFERENCE).label("Business calendar").referenceTo(CALENDAR).onDelete(DeleteRule.RESTRICT).build(),
            builder("warningPercent", FieldType.PERCENT).label("Warn at (% of target)").minValue(ONE).maxValue(HUNDRED).defaultValue(80).build(),
            builder("notifyOnWarning", FieldType.BOOLEAN).label("Notify on warning").defaultValue(true).build(),
            builder("escalateToQueue", FieldType.REFERENCE).label("On breach: move to queue").referenceTo(QUEUE).build(),
            builder("escalateToUser", FieldType.TEXT).label("On breach: assign to user (id)").maxLength(36).build(),
            builder("raisePriority", FieldType.BOOLEAN).label("On breach: raise priority").defaultValue(false).build(),
            builder("notifyUser", FieldType.TEXT).label("Notify manager (user id)").maxLength(36).build(),
            builder("notifyTeam", FieldType.TEXT).label("Notify team (id)").maxLength(36).build())).withKind(RecordType.Kind.CONFIGURATION);

    /** Minutes of business time per clock for a priority, for one account tier or (empty) every tier. */
    static final RecordType SLA_TARGET_TYPE = new RecordType(SLA_TARGET, "slaTargets", "SLA target", "SLA targets", "priority", List.of(
            builder("slaPolicy", FieldType.REFERENCE).label("SLA policy").referenceTo(SLA_POLICY).required(true).build(),
            builder("priority", FieldType.PICKLIST).label("Priority").picklistValues(Cases.PRIORITIES).required(true).build(),
            builder("accountTier", FieldType.PICKLIST).label("Account tier").picklistValues(TIERS).build(),
            builder("firstResponseMinutes", FieldType.INTEGER).label("First response (minutes)").minValue(ZERO).build(),
            builder("nextResponseMinutes", FieldType.INTEGER).label("Next response (minutes)").minValue(ZERO).build(),
            builder("resolutionMinutes", FieldType.INTEGER).label("Resolution (minutes)").minValue(ZERO).build()))
            .childOf("slaPolicy").withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType CALENDAR_TYPE;

    static {
        List<FieldDefinition> fields = new java.util.ArrayList<>(List.of(
                builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
                builder("timeZone", FieldType.TEXT).label("Time zone").maxLength(64).required(true).defaultValue("UTC").build()));
        for (String day : WEEKDAY_FIELDS) {
            // "08:00-12:00, 13:00-17:00"; an end before the start runs past midnight; empty is a day off.
            fields.add(builder(day, FieldType.TEXT).label(Character.toUpperCase(day.charAt(0)) + day.substring(1)).maxLength(200).build());
        }
        CALENDAR_TYPE = new RecordType(CALENDAR, "businessCalendars", "Business calendar", "Business calendars", "name", fields)
                .withKind(RecordType.Kind.CONFIGURATION);
    }

    static final RecordType HOLIDAY_TYPE = new RecordType(HOLIDAY, "businessHolidays", "Holiday", "Holidays", "name", List.of(
            builder("calendar", FieldType.REFERENCE).label("Business calendar").referenceTo(CALENDAR).required(true).build(),
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
            builder("date", FieldType.DATE).label("Date").required(true).build())).childOf("calendar").withKind(RecordType.Kind.CONFIGURATION);

    /** Accounts get a service tier (SLA targets and assignment rules read it); calls and meetings can be logged on cases. */
    static final Map<String, List<FieldDefinition>> EXTENSIONS = Map.of(
            "account", List.of(builder("serviceTier", FieldType.PICKLIST).label("Service tier").picklistValues(TIERS).build()),
            "activity", List.of(builder("case", FieldType.REFERENCE).label("Case").referenceTo(CASE).onDelete(DeleteRule.CASCADE).build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(CASE_TYPE, RELATED_CASE_TYPE, CASE_NUMBER_SEQUENCE_TYPE, QUEUE_TYPE, QUEUE_MEMBER_TYPE, AGENT_PROFILE_TYPE,
                ASSIGNMENT_RULE_TYPE, SLA_POLICY_TYPE, SLA_TARGET_TYPE, CALENDAR_TYPE, HOLIDAY_TYPE);
    }

    @Override
    public Map<String, List<FieldDefinition>> fieldExtensions() {
        return EXTENSIONS;
    }

    @Override
    public List<SchemaMigration> migrations() {
        return List.of(new QueueBySlaIndex());
    }
}
