package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

class CustomFieldTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor admin = Actor.system();

    @Test
    void aCustomFieldIsUsableAtOnceAndSurvivesARestart() {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("segment", FieldType.PICKLIST)
                .label("Segment").picklistValues(List.of("SMB", "Enterprise")).defaultValue("SMB").build());
        core.records.create(admin, "contact", Map.of("lastName", "Small"));
        core.records.create(admin, "contact", Map.of("lastName", "Large", "segment", "Enterprise"));

        CoreFixture restarted = new CoreFixture(core.dataSource);
        List<Record> enterprise = restarted.records.query(admin, Query.of("contact")
                .where(FilterExpression.parse("segment eq 'Enterprise'"))).items();
        assertEquals(List.of("Large"), enterprise.stream().map(r -> r.get("lastName")).toList());
        FieldDefinition segment = restarted.metadata.type("contact").orElseThrow().field("segment").orElseThrow();
        assertTrue(segment.isCustom());
        assertEquals("SMB", segment.getDefaultValue());
        assertEquals("SMB", restarted.records.query(admin, Query.of("contact").where(FilterExpression.parse("lastName eq 'Small'")))
                .items().get(0).get("segment"));
    }

    @Test
    void aUniqueCustomFieldRefusesASecondRecordWithTheSameValue() {
        core.metadata.addCustomField(admin, "account", FieldDefinition.builder("vatId", FieldType.TEXT).unique(true).maxLength(20).build());
        core.records.create(admin, "account", Map.of("name", "One", "vatId", "DE123"));
        ValidationException e = assertThrows(ValidationException.class, () -> core.records.create(admin, "account", Map.of("name", "Two", "vatId", "DE123")));
        assertEquals("unique", e.getErrors().get(0).code());
        core.records.create(admin, "account", Map.of("name", "Three"));
        core.records.create(admin, "account", Map.of("name", "Four"));
    }

    @Test
    void badDefinitionsAreRefusedNamingTheProperty() {
        ValidationException e = assertThrows(ValidationException.class, () -> core.metadata.addCustomField(admin, "contact",
                FieldDefinition.builder("Bad Name", FieldType.PICKLIST).build()));
        assertEquals(Set.of("apiName", "picklistValues"), e.getErrors().stream().map(FieldError::field).collect(Collectors.toSet()));
        assertEquals("apiName", assertThrows(ValidationException.class, () -> core.metadata.addCustomField(admin, "contact",
                FieldDefinition.builder("email", FieldType.TEXT).build())).getErrors().get(0).field());
        assertEquals("referenceTo", assertThrows(ValidationException.class, () -> core.metadata.addCustomField(admin, "contact",
                FieldDefinition.builder("partner", FieldType.REFERENCE).referenceTo("spaceship").build())).getErrors().get(0).field());
        assertEquals("defaultValue", assertThrows(ValidationException.class, () -> core.metadata.addCustomField(admin, "contact",
                FieldDefinition.builder("score", FieldType.INTEGER).defaultValue("high").build())).getErrors().get(0).field());
    }

    @Test
    void onlyAdministratorsAddFields() {
        Actor rep = core.user("rep", Set.of("sales"), Set.of());
        assertThrows(AccessDeniedException.class, () -> core.metadata.addCustomField(rep, "contact",
                FieldDefinition.builder("nickname", FieldType.TEXT).build()));
    }
}
