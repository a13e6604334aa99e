package org.rapportcrm.loyalty.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/** The points ledger: one entry per award or adjustment, so a balance is always explained by its entries. */
@Component
public class LoyaltyTypes implements RecordTypeProvider {
    static final String POINTS_ENTRY = "pointsEntry";
    static final List<String> SOURCES = List.of("Activity", "Opportunity", "Manual", "Automation");

    static final RecordType TYPE = new RecordType(POINTS_ENTRY, "pointsEntries", "Points entry", "Points entries", "reason", List.of(
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").required(true).build(),
            builder("points", FieldType.INTEGER).label("Points").required(true).build(),
            builder("reason", FieldType.TEXT).label("Reason").required(true).searchable(true).build(),
            builder("source", FieldType.PICKLIST).label("Source").picklistValues(SOURCES).defaultValue("Manual").build(),
            // "activity:<id>" for automatic awards: unique, so one event never pays twice, even when delivered again.
            builder("sourceKey", FieldType.TEXT).label("Source key").maxLength(100).unique(true).build())).childOf("contact");

    @Override
    public List<RecordType> recordTypes() {
        return List.of(TYPE);
    }
}
