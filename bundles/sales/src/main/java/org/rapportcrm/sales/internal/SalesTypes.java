package org.rapportcrm.sales.internal;

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

/**
 * The record types of sales force automation. Their tables, forms, lists, REST endpoints, import and export come
 * from this metadata; the rules that go with them are the triggers and validators of this bundle. Stages, products,
 * price books and the lead rules and forms are settings (configuration types: administrators and the manage-settings
 * permission change them); the stage history is kept by the stage rules alone (a system type).
 */
@Component
public class SalesTypes implements RecordTypeProvider {
    /** Ranges of percentages and quantities, in the metadata so the API documents and checks them. */
    private static final BigDecimal ZERO = BigDecimal.ZERO;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal SMALLEST_QUANTITY = new BigDecimal("0.01");
    public static final String LEAD = "lead";
    public static final String OPPORTUNITY = "opportunity";
    public static final String SALES_STAGE = "salesStage";
    public static final String STAGE_CHANGE = "stageChange";
    public static final String PRODUCT = "product";
    public static final String PRICE_BOOK = "priceBook";
    public static final String PRICE_BOOK_ENTRY = "priceBookEntry";
    public static final String LINE_ITEM = "opportunityLineItem";
    public static final String QUOTE = "quote";
    public static final String QUOTE_LINE = "quoteLine";
    public static final String WEB_FORM = "webForm";
    /** A web form's consent checkboxes, one a line (see the lead capture's ConsentCheckbox). */
    public static final String CONSENT_CHECKBOXES = "consentCheckboxes";
    /**
     * One accepted web-form submission: the lead it made, the person's address and name, the consent checkboxes with
     * what the visitor ticked and the text shown, and the contact the submission is about (the existing contact with
     * the same address, the one the marketing capability makes for a consent sign-up, or the one the lead is converted
     * into). Other capabilities read these from the outbox (the marketing capability's double opt-in and journeys).
     */
    public static final String WEB_FORM_SUBMISSION = "webFormSubmission";
    public static final String ASSIGNMENT_RULE = "assignmentRule";
    public static final String SCORING_RULE = "scoringRule";

    public static final String STANDARD_PROCESS = "Standard";
    public static final List<String> LEAD_SOURCES = List.of("Web form", "Referral", "Partner", "Event", "Advertisement",
            "Cold call", "Import", "Other");
    public static final String LEAD_CONVERTED = "Converted";
    public static final List<String> LEAD_STATUSES = List.of("New", "Working", "Nurturing", "Qualified", "Unqualified", LEAD_CONVERTED);
    public static final String OPEN = "Open";
    public static final String WON = "Won";
    public static final String LOST = "Lost";
    public static final List<String> FORECAST_CATEGORIES = List.of("Pipeline", "Best case", "Commit", "Closed", "Omitted");
    public static final List<String> QUOTE_STATUSES = List.of("Draft", "Presented", "Accepted", "Rejected", "Superseded");

    static final RecordType LEAD_TYPE = new RecordType(LEAD, "leads", "Lead", "Leads", "lastName", List.of(
            builder("firstName", FieldType.TEXT).label("First name").maxLength(100).searchable(true).build(),
            builder("lastName", FieldType.TEXT).label("Last name").maxLength(100).required(true).searchable(true).build(),
            builder("company", FieldType.TEXT).label("Company").maxLength(200).searchable(true).build(),
            builder("title", FieldType.TEXT).label("Title").maxLength(128).build(),
            builder("email", FieldType.EMAIL).label("Email").searchable(true).build(),
            builder("phone", FieldType.PHONE).label("Phone").build(),
            builder("website", FieldType.URL).label("Website").build(),
            builder("city", FieldType.TEXT).label("City").maxLength(100).build(),
            builder("country", FieldType.TEXT).label("Country").maxLength(100).build(),
            builder("source", FieldType.PICKLIST).label("Source").picklistValues(LEAD_SOURCES).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(LEAD_STATUSES).required(true).defaultValue("New").indexed(true).build(),
            builder("score", FieldType.INTEGER).label("Score").defaultValue(0).build(),
            builder("scoreExplanation", FieldType.LONG_TEXT).label("Why this score").build(),
            builder("webForm", FieldType.TEXT).label("Web form").maxLength(64).build(),
            builder("matchedLead", FieldType.REFERENCE).label("Possible duplicate of lead").referenceTo(LEAD).build(),
            builder("matchedContact", FieldType.REFERENCE).label("Possible duplicate of contact").referenceTo("contact").build(),
            builder("convertedAt", FieldType.DATE_TIME).label("Converted").build(),
            builder("convertedAccount", FieldType.REFERENCE).label("Converted to account").referenceTo("account").build(),
            builder("convertedContact", FieldType.REFERENCE).label("Converted to contact").referenceTo("contact").build(),
            builder("convertedOpportunity", FieldType.REFERENCE).label("Converted to opportunity").referenceTo(OPPORTUNITY).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    static final RecordType SALES_STAGE_TYPE = new RecordType(SALES_STAGE, "salesStages", "Sales stage", "Sales stages", "name", List.of(
            builder("process", FieldType.TEXT).label("Sales process").maxLength(80).required(true).defaultValue(STANDARD_PROCESS).build(),
            builder("name", FieldType.TEXT).label("Stage").maxLength(80).required(true).build(),
            builder("position", FieldType.INTEGER).label("Position").required(true).build(),
            builder("probability", FieldType.PERCENT).label("Default probability").required(true).minValue(ZERO).maxValue(HUNDRED).build(),
            builder("outcome", FieldType.PICKLIST).label("Outcome").picklistValues(List.of(OPEN, WON, LOST)).required(true).defaultValue(OPEN).build(),
            builder("forecastCategory", FieldType.PICKLIST).label("Forecast category").picklistValues(FORECAST_CATEGORIES)
                    .required(true).defaultValue("Pipeline").build(),
            // Comma-separated api names of opportunity fields an opportunity needs to enter this stage.
            builder("requiredFields", FieldType.TEXT).label("Required fields").maxLength(500).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build())).withKind(RecordType.Kind.CONFIGURATION);

    /**
     * Deals are business history: an account with deals cannot be deleted (RESTRICT) until they are moved or deleted,
     * so neither won revenue nor the customer it came from is lost by a delete; the other references are cleared.
     */
    static final RecordType OPPORTUNITY_TYPE = new RecordType(OPPORTUNITY, "opportunities", "Opportunity", "Opportunities", "name", List.of(
            builder("name", FieldType.TEXT).label("Opportunity name").maxLength(200).required(true).searchable(true).build(),
            builder("account", FieldType.REFERENCE).label("Account").referenceTo("account").onDelete(DeleteRule.RESTRICT).build(),
            builder("contact", FieldType.REFERENCE).label("Primary contact").referenceTo("contact").build(),
            builder("amount", FieldType.MONEY).label("Amount").build(),
            builder("closeDate", FieldType.DATE).label("Close date").required(true).indexed(true).build(),
            builder("salesProcess", FieldType.TEXT).label("Sales process").maxLength(80).required(true).defaultValue(STANDARD_PROCESS).build(),
            builder("stage", FieldType.TEXT).label("Stage").maxLength(80).required(true).indexed(true).build(),
            builder("probability", FieldType.PERCENT).label("Probability").minValue(ZERO).maxValue(HUNDRED).build(),
            builder("forecastCategory", FieldType.PICKLIST).label("Forecast category").picklistValues(FORECAST_CATEGORIES).build(),
            builder("closedAt", FieldType.DATE_TIME).label("Closed").build(),
            builder("leadSource", FieldType.PICKLIST).label("Lead source").picklistValues(LEAD_SOURCES).build(),
            builder("competitor", FieldType.TEXT).label("Competitor").maxLength(200).build(),
            builder("lossReason", FieldType.PICKLIST).label("Loss reason")
                    .picklistValues(List.of("Price", "Product fit", "Competitor", "Timing", "No budget", "No decision", "Other")).build(),
            builder("nextStep", FieldType.TEXT).label("Next step").maxLength(255).build(),
            builder("priceBook", FieldType.REFERENCE).label("Price book").referenceTo(PRICE_BOOK).build(),
            builder("lead", FieldType.REFERENCE).label("Converted from lead").referenceTo(LEAD).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    static final RecordType STAGE_CHANGE_TYPE = new RecordType(STAGE_CHANGE, "stageChanges", "Stage change", "Stage changes", "stage", List.of(
            builder("opportunity", FieldType.REFERENCE).label("Opportunity").referenceTo(OPPORTUNITY).required(true).build(),
            builder("stage", FieldType.TEXT).label("Stage").maxLength(80).required(true).build(),
            builder("fromStage", FieldType.TEXT).label("From stage").maxLength(80).build(),
            builder("outcome", FieldType.PICKLIST).label("Outcome").picklistValues(List.of(OPEN, WON, LOST)).build(),
            builder("probability", FieldType.PERCENT).label("Probability").minValue(ZERO).maxValue(HUNDRED).build(),
            builder("amount", FieldType.MONEY).label("Amount").build(),
            builder("enteredAt", FieldType.DATE_TIME).label("Entered").required(true).build())).childOf("opportunity").withKind(RecordType.Kind.SYSTEM);

    static final RecordType PRODUCT_TYPE = new RecordType(PRODUCT, "products", "Product", "Products", "name", List.of(
            builder("name", FieldType.TEXT).label("Product name").maxLength(200).required(true).searchable(true).build(),
            builder("productCode", FieldType.TEXT).label("Product code").maxLength(64).unique(true).searchable(true).build(),
            builder("family", FieldType.PICKLIST).label("Family")
                    .picklistValues(List.of("Software", "Subscription", "Hardware", "Service", "Training", "Other")).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build())).withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType PRICE_BOOK_TYPE = new RecordType(PRICE_BOOK, "priceBooks", "Price book", "Price books", "name", List.of(
            builder("name", FieldType.TEXT).label("Price book name").maxLength(200).required(true).searchable(true).build(),
            builder("standard", FieldType.BOOLEAN).label("Standard price book").defaultValue(false).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build())).withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType PRICE_BOOK_ENTRY_TYPE = new RecordType(PRICE_BOOK_ENTRY, "priceBookEntries", "Price book entry",
            "Price book entries", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(255).build(),
            builder("priceBook", FieldType.REFERENCE).label("Price book").referenceTo(PRICE_BOOK).required(true).build(),
            builder("product", FieldType.REFERENCE).label("Product").referenceTo(PRODUCT).required(true).build(),
            builder("unitPrice", FieldType.MONEY).label("List price").required(true).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build())).childOf("priceBook").withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType LINE_ITEM_TYPE = new RecordType(LINE_ITEM, "opportunityLineItems", "Opportunity product",
            "Opportunity products", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(255).build(),
            builder("opportunity", FieldType.REFERENCE).label("Opportunity").referenceTo(OPPORTUNITY).required(true).build(),
            builder("product", FieldType.REFERENCE).label("Product").referenceTo(PRODUCT).required(true).build(),
            builder("quantity", FieldType.DECIMAL).label("Quantity").scale(2).required(true).defaultValue(1).minValue(SMALLEST_QUANTITY).build(),
            builder("unitPrice", FieldType.MONEY).label("Sales price").build(),
            builder("discountPercent", FieldType.PERCENT).label("Discount").minValue(ZERO).maxValue(HUNDRED).build(),
            builder("totalPrice", FieldType.MONEY).label("Total price").build())).childOf("opportunity");

    static final RecordType QUOTE_TYPE = new RecordType(QUOTE, "quotes", "Quote", "Quotes", "name", List.of(
            builder("name", FieldType.TEXT).label("Quote name").maxLength(200).required(true).searchable(true).build(),
            builder("quoteNumber", FieldType.TEXT).label("Quote number").maxLength(40).searchable(true).build(),
            builder("revision", FieldType.INTEGER).label("Revision").defaultValue(1).build(),
            builder("previousRevision", FieldType.REFERENCE).label("Previous revision").referenceTo(QUOTE).build(),
            // A deal's quotes go with it (and their lines with them); a quote sent to an account keeps the account.
            builder("opportunity", FieldType.REFERENCE).label("Opportunity").referenceTo(OPPORTUNITY).onDelete(DeleteRule.CASCADE).build(),
            builder("account", FieldType.REFERENCE).label("Account").referenceTo("account").onDelete(DeleteRule.RESTRICT).build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(QUOTE_STATUSES).required(true).defaultValue("Draft").build(),
            builder("currency", FieldType.TEXT).label("Currency").maxLength(3).required(true).defaultValue("EUR").build(),
            builder("validUntil", FieldType.DATE).label("Valid until").build(),
            builder("discountPercent", FieldType.PERCENT).label("Discount").minValue(ZERO).maxValue(HUNDRED).build(),
            builder("taxPercent", FieldType.PERCENT).label("Tax rate").minValue(ZERO).build(),
            builder("subtotal", FieldType.MONEY).label("Subtotal").build(),
            builder("discountAmount", FieldType.MONEY).label("Discount amount").build(),
            builder("taxAmount", FieldType.MONEY).label("Tax").build(),
            builder("total", FieldType.MONEY).label("Total").build(),
            builder("terms", FieldType.LONG_TEXT).label("Terms").build()));

    static final RecordType QUOTE_LINE_TYPE = new RecordType(QUOTE_LINE, "quoteLines", "Quote line", "Quote lines", "description", List.of(
            builder("quote", FieldType.REFERENCE).label("Quote").referenceTo(QUOTE).required(true).build(),
            // A product that was quoted, sold or priced is deactivated, not deleted (as its required references in
            // price book entries and opportunity products say by default).
            builder("product", FieldType.REFERENCE).label("Product").referenceTo(PRODUCT).onDelete(DeleteRule.RESTRICT).build(),
            builder("description", FieldType.TEXT).label("Description").maxLength(255).build(),
            builder("position", FieldType.INTEGER).label("Position").build(),
            builder("quantity", FieldType.DECIMAL).label("Quantity").scale(2).required(true).defaultValue(1).minValue(SMALLEST_QUANTITY).build(),
            builder("unitPrice", FieldType.MONEY).label("Unit price").build(),
            builder("discountPercent", FieldType.PERCENT).label("Discount").minValue(ZERO).maxValue(HUNDRED).build(),
            builder("lineTotal", FieldType.MONEY).label("Line total").build())).childOf("quote");

    static final RecordType WEB_FORM_TYPE = new RecordType(WEB_FORM, "webForms", "Web form", "Web forms", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
            // The {formId} of POST /forms/leads/{formId}.
            builder("formKey", FieldType.TEXT).label("Form key").maxLength(64).required(true).unique(true).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            // One "formField=leadField" per line; form fields named like lead fields map to them without a line.
            builder("fieldMapping", FieldType.LONG_TEXT).label("Field mapping").build(),
            builder("requiredFields", FieldType.TEXT).label("Required lead fields").maxLength(500).defaultValue("lastName,email").build(),
            builder("leadSource", FieldType.PICKLIST).label("Lead source").picklistValues(LEAD_SOURCES).defaultValue("Web form").build(),
            builder("honeypotField", FieldType.TEXT).label("Honeypot field").maxLength(64).defaultValue("website_url").build(),
            // A path on this server or an address on a site allowed in etc/org.rapportcrm.sales.capture.cfg (WebFormRedirects).
            builder("redirectUrl", FieldType.TEXT).label("Redirect after submit").maxLength(2000).build(),
            // One "formField=purpose|required|label" per line ("optional" instead of "required"): consent checkboxes.
            builder(CONSENT_CHECKBOXES, FieldType.LONG_TEXT).label("Consent checkboxes").build())).withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType WEB_FORM_SUBMISSION_TYPE = new RecordType(WEB_FORM_SUBMISSION, "webFormSubmissions", "Web form submission",
            "Web form submissions", "summary", List.of(
            builder("summary", FieldType.TEXT).label("Submission").maxLength(300).build(),
            builder("lead", FieldType.REFERENCE).label("Lead").referenceTo(LEAD).required(true).onDelete(DeleteRule.CASCADE).build(),
            builder("webForm", FieldType.TEXT).label("Web form").maxLength(64).indexed(true).build(),
            builder("email", FieldType.EMAIL).label("Email").build(),
            builder("firstName", FieldType.TEXT).label("First name").maxLength(100).build(),
            builder("lastName", FieldType.TEXT).label("Last name").maxLength(100).build(),
            // JSON: [{"field", "purpose", "label", "required", "ticked"}], one per checkbox the form showed.
            builder("consents", FieldType.LONG_TEXT).label("Consents").build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").onDelete(DeleteRule.SET_NULL).build(),
            builder("submittedAt", FieldType.DATE_TIME).label("Submitted").required(true).build())).withKind(RecordType.Kind.SYSTEM).childOf("lead");

    static final RecordType ASSIGNMENT_RULE_TYPE = new RecordType(ASSIGNMENT_RULE, "assignmentRules", "Lead assignment rule",
            "Lead assignment rules", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
            builder("position", FieldType.INTEGER).label("Order").required(true).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("matchField", FieldType.PICKLIST).label("Match on").picklistValues(List.of("Any", "Source", "Country"))
                    .required(true).defaultValue("Any").build(),
            // Comma-separated values, compared case-insensitively.
            builder("matchValues", FieldType.TEXT).label("Values").maxLength(500).build(),
            builder("assignToUser", FieldType.TEXT).label("Assign to user (id)").maxLength(36).build(),
            builder("assignToTeam", FieldType.TEXT).label("Round robin in team (id)").maxLength(36).build(),
            builder("lastAssignedUser", FieldType.TEXT).label("Last assigned user").maxLength(36).build())).withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType SCORING_RULE_TYPE = new RecordType(SCORING_RULE, "scoringRules", "Lead scoring rule",
            "Lead scoring rules", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("appliesTo", FieldType.PICKLIST).label("Applies to").picklistValues(List.of("Lead field", "Activity"))
                    .required(true).defaultValue("Lead field").build(),
            builder("field", FieldType.TEXT).label("Lead field").maxLength(64).build(),
            builder("operator", FieldType.PICKLIST).label("Operator").picklistValues(List.of("equals", "contains", "not empty"))
                    .defaultValue("equals").build(),
            builder("value", FieldType.TEXT).label("Value").maxLength(200).build(),
            builder("activityType", FieldType.TEXT).label("Activity type").maxLength(40).build(),
            builder("points", FieldType.INTEGER).label("Points").required(true).build(),
            // Activity points halve every so many days, so last week's meeting counts more than last year's.
            builder("halfLifeDays", FieldType.INTEGER).label("Half-life (days)").build())).withKind(RecordType.Kind.CONFIGURATION);

    /**
     * Activities can be logged on leads and opportunities, so their history follows them. A lead's activities score it,
     * so the lead is their master: logging, changing or removing one needs the right to edit the lead.
     */
    static final Map<String, List<FieldDefinition>> ACTIVITY_LINKS = Map.of("activity", List.of(
            builder("lead", FieldType.REFERENCE).label("Lead").referenceTo(LEAD).master(true).onDelete(DeleteRule.CASCADE).build(),
            builder("opportunity", FieldType.REFERENCE).label("Opportunity").referenceTo(OPPORTUNITY).build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(LEAD_TYPE, SALES_STAGE_TYPE, OPPORTUNITY_TYPE, STAGE_CHANGE_TYPE, PRODUCT_TYPE, PRICE_BOOK_TYPE,
                PRICE_BOOK_ENTRY_TYPE, LINE_ITEM_TYPE, QUOTE_TYPE, QUOTE_LINE_TYPE, WEB_FORM_TYPE, WEB_FORM_SUBMISSION_TYPE, ASSIGNMENT_RULE_TYPE,
                SCORING_RULE_TYPE);
    }

    @Override
    public Map<String, List<FieldDefinition>> fieldExtensions() {
        return ACTIVITY_LINKS;
    }

    @Override
    public List<SchemaMigration> migrations() {
        return List.of(new DefaultSalesProcess());
    }
}
