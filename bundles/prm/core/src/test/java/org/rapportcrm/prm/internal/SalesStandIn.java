package org.rapportcrm.prm.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/** The sales capability's types, as far as PRM reads and writes them. */
public final class SalesStandIn implements RecordTypeProvider {
    @Override
    public List<RecordType> recordTypes() {
        return List.of(
                new RecordType("product", "products", "Product", "Products", "name", List.of(
                        builder("name", FieldType.TEXT).required(true).build())),
                new RecordType("salesStage", "salesStages", "Sales stage", "Sales stages", "name", List.of(
                        builder("process", FieldType.TEXT).build(), builder("name", FieldType.TEXT).required(true).build(),
                        builder("position", FieldType.INTEGER).build(), builder("outcome", FieldType.TEXT).build(),
                        builder("active", FieldType.BOOLEAN).build())),
                new RecordType("opportunity", "opportunities", "Opportunity", "Opportunities", "name", List.of(
                        builder("name", FieldType.TEXT).required(true).searchable(true).build(),
                        builder("account", FieldType.REFERENCE).referenceTo("account").build(),
                        builder("amount", FieldType.MONEY).build(), builder("closeDate", FieldType.DATE).build(),
                        builder("stage", FieldType.TEXT).build(), builder("closedAt", FieldType.DATE_TIME).build(),
                        builder("leadSource", FieldType.TEXT).build())),
                new RecordType("opportunityLineItem", "opportunityLineItems", "Line", "Lines", "product", List.of(
                        builder("opportunity", FieldType.REFERENCE).referenceTo("opportunity").required(true).build(),
                        builder("product", FieldType.REFERENCE).referenceTo("product").required(true).build())),
                new RecordType("lead", "leads", "Lead", "Leads", "lastName", List.of(
                        builder("lastName", FieldType.TEXT).required(true).build(), builder("status", FieldType.TEXT).build())));
    }
}
