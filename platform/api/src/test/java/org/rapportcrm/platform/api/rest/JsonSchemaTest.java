package org.rapportcrm.platform.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {
    @Test
    void nullableIsATypeListAsOpenApi31WritesIt() {
        assertEquals(List.of("string", "null"), JsonSchema.string().nullable().toJson().get("type"));
        assertEquals(Arrays.asList("a", "b", null), JsonSchema.string().enumValues("a", "b").nullable().toJson().get("enum"),
                "an enum that may be null lists null among its values");
        assertEquals(Map.of("oneOf", List.of(Map.of("$ref", "#/components/schemas/Money"), Map.of("type", "null"))),
                JsonSchema.ref("Money").nullable().toJson());
        assertEquals(JsonSchema.string().nullable(), JsonSchema.string().nullable().nullable(), "once is enough");
    }

    @Test
    void objectsListTheirPropertiesRefuseOthersAndNameWhatIsRequired() {
        Map<String, Object> json = JsonSchema.object().property("points", JsonSchema.integer().minimum(0))
                .property("reason", JsonSchema.string().maxLength(200)).required("points").toJson();
        assertEquals(false, json.get("additionalProperties"));
        assertEquals(List.of("points"), json.get("required"));
        assertEquals(Map.of("type", "integer", "format", "int64", "minimum", 0), ((Map<?, ?>) json.get("properties")).get("points"));
        assertThrows(IllegalStateException.class, () -> JsonSchema.string().property("x", JsonSchema.string()));
    }

    @Test
    void aRecordIsAReferenceToItsTypesSchema() {
        assertEquals(Map.of("$ref", "#/components/schemas/PointsEntry"), JsonSchema.record("pointsEntry").toJson());
        assertEquals(Map.of("$ref", "#/components/schemas/PointsEntryPage"), JsonSchema.recordPage("pointsEntry").toJson());
    }
}
