package org.rapportcrm.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;

class RequestParsingTest {
    private final Json json = new Json();

    private Map<String, Object> read(String body) {
        return json.readObject(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mounted mounted(String mountPoint, RestRoute.Builder route) {
        return Mounted.at(mountPoint, route.response(200, "OK").handler(ex -> { }), "test");
    }

    @Test
    void routesMatchLiteralSegmentsAndCaptureParameters() {
        Mounted route = mounted("contacts", RestRoute.get("{id}/history").pathParameter("id", JsonSchema.string(), "id"));
        assertEquals(Map.of("id", "42"), route.match(Mounted.split("/contacts/42/history")));
        assertNull(route.match(Mounted.split("/contacts/42")));
        assertNull(route.match(Mounted.split("/contacts/42/changes")));
        assertEquals("/contacts/{id}/history", route.path());
    }

    @Test
    void aLiteralSegmentIsMoreSpecificThanAParameter() {
        Mounted bulk = mounted("contacts", RestRoute.get("bulk"));
        Mounted byId = mounted("contacts", RestRoute.get("{id}").pathParameter("id", JsonSchema.string(), "id"));
        assertTrue(bulk.specificity().compareTo(byId.specificity()) < 0);
    }

    @Test
    void aRouteMustDeclareItsPathParametersAndAResponse() {
        assertThrows(IllegalArgumentException.class, () -> RestRoute.get("items/{id}").response(200, "OK").handler(ex -> { }));
        assertThrows(IllegalArgumentException.class, () -> RestRoute.get("items").handler(ex -> { }));
        assertThrows(IllegalArgumentException.class, () -> RestRoute.get("items/a b"));
    }

    @Test
    void ifMatchNamesAVersionByStrongComparison() {
        assertEquals(3, EntityTags.matchedVersion("\"3\"", () -> 9));
        assertEquals(9, EntityTags.matchedVersion("*", () -> 9), "* is whatever is current");
        assertEquals(EntityTags.NO_VERSION, EntityTags.matchedVersion("W/\"3\"", () -> 3), "a weak tag never matches");
        assertEquals(EntityTags.NO_VERSION, EntityTags.matchedVersion("\"opaque-value\"", () -> 3));
        assertEquals(EntityTags.NO_VERSION, EntityTags.matchedVersion("3", () -> 3), "an unquoted value is not a tag");
        assertEquals(4, EntityTags.matchedVersion("\"2\", \"4\"", () -> 4), "of several, the current one");
        assertEquals(EntityTags.NO_VERSION, EntityTags.matchedVersion("\"2\", \"4\"", () -> 5));
        assertTrue(EntityTags.matchesWeakly("W/\"3\"", 3), "If-None-Match compares weakly");
        assertFalse(EntityTags.matchesWeakly("\"2\"", 3));
    }

    @Test
    void numbersKeepTheirPrecisionAndDuplicatesOrTrailingJunkAreRefused() {
        Map<String, Object> body = read("{\"amount\": 12345678901234567890.12, \"count\": 3}");
        assertEquals(new BigDecimal("12345678901234567890.12"), body.get("amount"));
        assertEquals(3L, body.get("count"));
        assertEquals(400, assertThrows(ApiException.class, () -> read("{\"a\": 1, \"a\": 2}")).status);
        assertEquals(400, assertThrows(ApiException.class, () -> read("{\"a\": 1} {}")).status);
        assertEquals(400, assertThrows(ApiException.class, () -> read("[1, 2]")).status);
    }

    @Test
    void aFieldDefinitionIsReadNamingEveryBadProperty() {
        FieldDefinition f = MetadataResource.parseField(read(
                "{\"apiName\": \"tier\", \"label\": \"Tier\", \"type\": \"PICKLIST\", \"picklistValues\": [\"Gold\", \"Silver\"], \"required\": true}"));
        assertEquals(FieldType.PICKLIST, f.getType());
        assertEquals(List.of("Gold", "Silver"), f.getPicklistValues());

        ValidationException e = assertThrows(ValidationException.class, () -> MetadataResource.parseField(read(
                "{\"type\": \"COLOUR\", \"required\": \"yes\", \"maxLength\": -1, \"colour\": \"red\"}")));
        assertEquals(Set.of("apiName", "type", "required", "maxLength", "colour"),
                e.getErrors().stream().map(FieldError::field).collect(Collectors.toSet()));
    }
}
