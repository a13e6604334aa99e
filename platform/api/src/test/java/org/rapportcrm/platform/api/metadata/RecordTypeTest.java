package org.rapportcrm.platform.api.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTypeTest {
    private static final RecordType QUOTE_LINE = new RecordType("quoteLine", "quoteLines", "Quote line", "Quote lines", "description",
            List.of(FieldDefinition.builder("quote", FieldType.REFERENCE).referenceTo("quote").build(),
                    FieldDefinition.builder("description", FieldType.TEXT).build()));

    @Test
    void aTypeIsOfItsOwnUntilDeclaredTheChildOfAParent() {
        assertNull(QUOTE_LINE.getParentField());
        assertNull(QUOTE_LINE.getCapability());

        RecordType child = QUOTE_LINE.childOf("quote");
        assertEquals("quote", child.getParentField());
        assertEquals(QUOTE_LINE.getFields().size(), child.getFields().size());
    }

    @Test
    void theParentIsReachedThroughAReferenceFieldOfTheType() {
        assertThrows(IllegalArgumentException.class, () -> QUOTE_LINE.childOf("description"));
        assertThrows(IllegalArgumentException.class, () -> QUOTE_LINE.childOf("opportunity"));
    }

    @Test
    void copiesKeepTheParentAndTheCapability() {
        RecordType registered = QUOTE_LINE.childOf("quote").withCapability("Sales");
        RecordType extended = registered.withField(FieldDefinition.builder("note", FieldType.TEXT).build());

        assertEquals("quote", extended.getParentField());
        assertEquals("Sales", extended.getCapability());
        assertEquals("Sales", registered.childOf("quote").getCapability());
    }
}
