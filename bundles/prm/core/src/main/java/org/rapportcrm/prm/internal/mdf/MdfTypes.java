package org.rapportcrm.prm.internal.mdf;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * Market development funds. An allocation holds what a partner may spend in a period (a year, {@code 2026}, or a quarter,
 * {@code 2026-Q3}) and carries its balance, which Rapport keeps in step with every request and claim in the same
 * transaction; writing the allocation is also what makes two requests against one allocation wait for each other, so
 * they never overdraw it together. Leads and opportunities gain the request that funded them: attribution by a direct
 * reference, not through a marketing campaign, because PRM needs only sales (marketing may not be installed) and a
 * partner's activity is often no campaign of ours; an indexed reference lets the ROI be counted by aggregate queries.
 */
@Component
public class MdfTypes implements RecordTypeProvider {
    static final String PERIOD_PATTERN = "^[0-9]{4}(-Q[1-4])?$";

    static final RecordType ALLOCATION_TYPE = new RecordType(Mdf.ALLOCATION, "mdfAllocations", "MDF allocation", "MDF allocations", "period",
            allocationFields());

    static final RecordType REQUEST_TYPE = new RecordType(Mdf.REQUEST, "mdfRequests", "MDF request", "MDF requests", "activityName", List.of(
            builder("allocation", FieldType.REFERENCE).label("Allocation").referenceTo(Mdf.ALLOCATION).required(true).indexed(true)
                    .onDelete(DeleteRule.RESTRICT).build(),
            // Follows from the allocation: set by Rapport.
            builder(Mdf.PARTNER_ACCOUNT, FieldType.REFERENCE).label("Partner").referenceTo("account").indexed(true)
                    .onDelete(DeleteRule.RESTRICT).build(),
            builder("activityName", FieldType.TEXT).label("Activity").maxLength(200).required(true).searchable(true).build(),
            builder("activityType", FieldType.PICKLIST).label("Type of activity").picklistValues(Mdf.ACTIVITY_TYPES).required(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build(),
            builder("startDate", FieldType.DATE).label("Planned start").required(true).build(),
            builder("endDate", FieldType.DATE).label("Planned end").required(true).build(),
            builder(Mdf.AMOUNT, FieldType.MONEY).label("Amount requested").required(true).minValue(BigDecimal.ZERO).build(),
            builder("expectedLeads", FieldType.INTEGER).label("Expected leads").minValue(BigDecimal.ZERO).build(),
            builder("expectedRevenue", FieldType.MONEY).label("Expected revenue").minValue(BigDecimal.ZERO).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(Mdf.REQUEST_STATUSES).required(true)
                    .defaultValue(Mdf.SUBMITTED).indexed(true).build(),
            builder(Mdf.APPROVED_AMOUNT, FieldType.MONEY).label("Amount approved").build(),
            builder("decisionReason", FieldType.LONG_TEXT).label("Reason for the decision").build(),
            builder("decidedAt", FieldType.DATE_TIME).label("Decided").build()));

    static final RecordType CLAIM_TYPE = new RecordType(Mdf.CLAIM, "mdfClaims", "MDF claim", "MDF claims", "description", List.of(
            builder(Mdf.REQUEST, FieldType.REFERENCE).label("MDF request").referenceTo(Mdf.REQUEST).required(true).indexed(true)
                    .onDelete(DeleteRule.RESTRICT).build(),
            // Follow from the request: set by Rapport.
            builder("allocation", FieldType.REFERENCE).label("Allocation").referenceTo(Mdf.ALLOCATION).indexed(true)
                    .onDelete(DeleteRule.RESTRICT).build(),
            builder(Mdf.PARTNER_ACCOUNT, FieldType.REFERENCE).label("Partner").referenceTo("account").indexed(true)
                    .onDelete(DeleteRule.RESTRICT).build(),
            builder("description", FieldType.TEXT).label("What was done").maxLength(500).required(true).build(),
            builder(Mdf.AMOUNT, FieldType.MONEY).label("Actual cost claimed").required(true).minValue(BigDecimal.ZERO).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(Mdf.CLAIM_STATUSES).required(true)
                    .defaultValue(Mdf.SUBMITTED).indexed(true).build(),
            builder("decisionReason", FieldType.LONG_TEXT).label("Reason for the decision").build(),
            builder("decidedAt", FieldType.DATE_TIME).label("Decided").build(),
            builder("paidAt", FieldType.DATE_TIME).label("Paid").build(),
            builder("paymentReference", FieldType.TEXT).label("Payment reference").maxLength(100).build()));

    static final List<FieldDefinition> FUNDED_BY = List.of(
            builder(Mdf.REQUEST, FieldType.REFERENCE).label("Funded by MDF request").referenceTo(Mdf.REQUEST).indexed(true)
                    .onDelete(DeleteRule.SET_NULL).build());

    private static List<FieldDefinition> allocationFields() {
        List<FieldDefinition> fields = new ArrayList<>(List.of(
                builder(Mdf.PARTNER_ACCOUNT, FieldType.REFERENCE).label("Partner").referenceTo("account").required(true).indexed(true)
                        .onDelete(DeleteRule.RESTRICT).build(),
                builder("period", FieldType.TEXT).label("Period (2026 or 2026-Q1)").maxLength(7).required(true).indexed(true).build(),
                // Left out, it is the partner tier's yearly allowance (a quarter of it for a quarter).
                builder(Mdf.AMOUNT, FieldType.MONEY).label("Funds allocated").minValue(BigDecimal.ZERO).build(),
                builder("notes", FieldType.LONG_TEXT).label("Notes").build()));
        fields.add(builder(Mdf.REQUESTED, FieldType.MONEY).label("Requested, awaiting a decision").build());
        fields.add(builder(Mdf.APPROVED_TOTAL, FieldType.MONEY).label("Approved").build());
        fields.add(builder(Mdf.CLAIMED, FieldType.MONEY).label("Claimed").build());
        fields.add(builder(Mdf.PAID_TOTAL, FieldType.MONEY).label("Paid").build());
        fields.add(builder(Mdf.REMAINING, FieldType.MONEY).label("Remaining").build());
        // Counts the changes to the balance: writing it first is what makes concurrent requests and claims wait in turn.
        fields.add(builder(Mdf.BALANCE_CHANGES, FieldType.INTEGER).label("Changes to the balance").defaultValue(0).build());
        return fields;
    }

    @Override
    public List<RecordType> recordTypes() {
        return List.of(ALLOCATION_TYPE, REQUEST_TYPE, CLAIM_TYPE);
    }

    @Override
    public Map<String, List<FieldDefinition>> fieldExtensions() {
        return Map.of("lead", FUNDED_BY, "opportunity", FUNDED_BY);
    }
}
