package org.rapportcrm.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class RequestParsingTest {
    private final Json json = new Json();

    private Map<String, Object> read(String body) {
        return json.readObject(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void routesMatchLiteralSegmentsAndCaptureParameters() {
        Route route = Route.of("GET", "/{plural}/{id}/history", ex -> { });
        assertEquals(Map.of("plural", "contacts", "id", "42"), route.match(Route.split("/contacts/42/history")));
        assertNull(route.match(Route.split("/contacts/42")));
        assertNull(route.match(Route.split("/contacts/42/changes")));
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
