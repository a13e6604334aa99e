package org.rapportcrm.platform.core.internal.metadata;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/** Account, Contact and Activity: the types every Rapport has, contributed like any extension's. */
@Component
public class StandardTypes implements RecordTypeProvider {
    public static final List<String> INDUSTRIES = List.of("Agriculture", "Banking", "Construction", "Consulting", "Education",
            "Energy", "Healthcare", "Hospitality", "Insurance", "Manufacturing", "Media", "Nonprofit", "Retail",
            "Technology", "Telecommunications", "Transportation", "Other");
    public static final List<String> ACTIVITY_TYPES = List.of("Call", "Meeting", "Task", "Note", "Email");
    public static final List<String> ACTIVITY_STATUSES = List.of("Planned", "In progress", "Completed", "Cancelled");

    public static final RecordType ACCOUNT = new RecordType("account", "accounts", "Account", "Accounts", "name", List.of(
            builder("name", FieldType.TEXT).label("Account name").required(true).searchable(true).build(),
            builder("accountType", FieldType.PICKLIST).label("Type")
                    .picklistValues(List.of("Prospect", "Customer", "Partner", "Competitor", "Other")).build(),
            builder("industry", FieldType.PICKLIST).label("Industry").picklistValues(INDUSTRIES).indexed(true).build(),
            builder("website", FieldType.URL).label("Website").build(),
            builder("phone", FieldType.PHONE).label("Phone").build(),
            builder("street", FieldType.TEXT).label("Street").build(),
            builder("city", FieldType.TEXT).label("City").maxLength(100).build(),
            builder("postalCode", FieldType.TEXT).label("Postal code").maxLength(20).build(),
            builder("country", FieldType.TEXT).label("Country").maxLength(100).indexed(true).build(),
            builder("employees", FieldType.INTEGER).label("Employees").build(),
            builder("annualRevenue", FieldType.MONEY).label("Annual revenue").build(),
            builder("parentAccount", FieldType.REFERENCE).label("Parent account").referenceTo("account").build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    public static final RecordType CONTACT = new RecordType("contact", "contacts", "Contact", "Contacts", "lastName", List.of(
            builder("firstName", FieldType.TEXT).label("First name").maxLength(100).searchable(true).build(),
            builder("lastName", FieldType.TEXT).label("Last name").maxLength(100).required(true).searchable(true).build(),
            builder("email", FieldType.EMAIL).label("Email").searchable(true).build(),
            builder("phone", FieldType.PHONE).label("Phone").build(),
            builder("mobile", FieldType.PHONE).label("Mobile").build(),
            builder("title", FieldType.TEXT).label("Title").maxLength(128).build(),
            builder("department", FieldType.TEXT).label("Department").maxLength(100).build(),
            builder("account", FieldType.REFERENCE).label("Account").referenceTo("account").build(),
            builder("city", FieldType.TEXT).label("City").maxLength(100).build(),
            builder("country", FieldType.TEXT).label("Country").maxLength(100).indexed(true).build(),
            builder("birthdate", FieldType.DATE).label("Birthdate").build(),
            builder("doNotCall", FieldType.BOOLEAN).label("Do not call").defaultValue(false).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    public static final RecordType ACTIVITY = new RecordType("activity", "activities", "Activity", "Activities", "subject", List.of(
            builder("subject", FieldType.TEXT).label("Subject").required(true).searchable(true).build(),
            builder("activityType", FieldType.PICKLIST).label("Type").required(true).picklistValues(ACTIVITY_TYPES).build(),
            builder("status", FieldType.PICKLIST).label("Status").required(true).picklistValues(ACTIVITY_STATUSES)
                    .defaultValue("Planned").build(),
            builder("priority", FieldType.PICKLIST).label("Priority").picklistValues(List.of("Low", "Normal", "High"))
                    .defaultValue("Normal").build(),
            builder("dueAt", FieldType.DATE_TIME).label("Due").indexed(true).build(),
            builder("completedAt", FieldType.DATE_TIME).label("Completed").build(),
            builder("durationMinutes", FieldType.INTEGER).label("Duration (minutes)").build(),
            builder("account", FieldType.REFERENCE).label("Account").referenceTo("account").build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(ACCOUNT, CONTACT, ACTIVITY);
    }
}
