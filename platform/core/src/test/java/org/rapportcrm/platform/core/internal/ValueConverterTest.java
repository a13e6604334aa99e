package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.core.internal.record.ValueConverter;
import org.rapportcrm.platform.core.internal.record.ValueConverter.InvalidValue;

class ValueConverterTest {
    private static FieldDefinition field(FieldType type) {
        return FieldDefinition.builder("f", type).picklistValues(List.of("Red", "Green", "Blue")).build();
    }

    private static String refusal(FieldType type, Object value) {
        return assertThrows(InvalidValue.class, () -> ValueConverter.convert(field(type), value)).error().code();
    }

    @Test
    void emptyValuesBecomeNull() throws InvalidValue {
        assertNull(ValueConverter.convert(field(FieldType.TEXT), ""));
        assertNull(ValueConverter.convert(field(FieldType.MULTI_PICKLIST), List.of()));
    }

    @Test
    void numbersKeepTheirPrecisionAndRespectTheScale() throws InvalidValue {
        assertEquals(42L, ValueConverter.convert(field(FieldType.INTEGER), "42"));
        assertEquals(new BigDecimal("0.10"), ValueConverter.convert(field(FieldType.DECIMAL), 0.1));
        assertEquals("type", refusal(FieldType.INTEGER, 4.5));
        assertEquals("scale", refusal(FieldType.DECIMAL, new BigDecimal("1.234")));
        assertEquals("type", refusal(FieldType.DECIMAL, "twelve"));
        assertEquals("type", refusal(FieldType.INTEGER, true));
    }

    @Test
    void moneyNeedsAnAmountAndAKnownCurrency() throws InvalidValue {
        assertEquals(new Money(new BigDecimal("12.50"), "EUR"), ValueConverter.convert(field(FieldType.MONEY), Map.of("amount", 12.5, "currency", "eur")));
        assertEquals(new Money(new BigDecimal("99.00"), "USD"), ValueConverter.convert(field(FieldType.MONEY), "USD 99"));
        assertEquals("currency", refusal(FieldType.MONEY, Map.of("amount", 1, "currency", "XXQ")));
        assertEquals("type", refusal(FieldType.MONEY, 12));
    }

    @Test
    void datesAndTimesAreIso8601() throws InvalidValue {
        assertEquals(LocalDate.of(2024, 2, 29), ValueConverter.convert(field(FieldType.DATE), "2024-02-29"));
        assertEquals(Instant.parse("2024-05-31T12:30:00Z"), ValueConverter.convert(field(FieldType.DATE_TIME), "2024-05-31T14:30:00+02:00"));
        assertEquals("format", refusal(FieldType.DATE, "2023-02-29"));
        assertEquals("format", refusal(FieldType.DATE_TIME, "yesterday"));
    }

    @Test
    void picklistsAcceptOnlyTheirValues() throws InvalidValue {
        assertEquals("Red", ValueConverter.convert(field(FieldType.PICKLIST), "Red"));
        assertEquals(List.of("Red", "Blue"), ValueConverter.convert(field(FieldType.MULTI_PICKLIST), "Red;Blue;Red"));
        assertEquals("picklist", refusal(FieldType.PICKLIST, "red"));
        assertEquals("picklist", refusal(FieldType.MULTI_PICKLIST, List.of("Red", "Purple")));
    }

    @Test
    void emailsPhonesAndAddressesAreChecked() {
        assertEquals("format", refusal(FieldType.EMAIL, "ada.example.com"));
        assertEquals("format", refusal(FieldType.PHONE, "call me maybe"));
        assertEquals("format", refusal(FieldType.URL, "javascript:alert(1)"));
        assertEquals("tooLong", refusal(FieldType.TEXT, "x".repeat(256)));
        assertEquals("type", refusal(FieldType.BOOLEAN, "yes"));
    }

    @Test
    void numbersStayWithinTheirColumnAndTheirFieldsRange() throws InvalidValue {
        assertEquals("range", refusal(FieldType.PERCENT, new BigDecimal("3.4e16")), "DECIMAL(12,2) holds at most 9,999,999,999.99");
        assertEquals(new BigDecimal("9999999999.99"), ValueConverter.convert(field(FieldType.PERCENT), "9999999999.99"));
        assertEquals("range", refusal(FieldType.DECIMAL, new BigDecimal("1e22")));
        FieldDefinition discount = FieldDefinition.builder("discount", FieldType.PERCENT).minValue(BigDecimal.ZERO)
                .maxValue(BigDecimal.valueOf(100)).build();
        assertEquals(new BigDecimal("100.00"), ValueConverter.convert(discount, 100));
        assertEquals("range", assertThrows(InvalidValue.class, () -> ValueConverter.convert(discount, -1)).error().code());
        assertEquals(Long.MAX_VALUE, ValueConverter.convert(field(FieldType.INTEGER), new BigDecimal(Long.MAX_VALUE)));
        assertEquals("type", refusal(FieldType.INTEGER, new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE)));
    }

    @Test
    void textIsMeasuredInCharactersAndSingleLinesHaveNoControlCharacters() throws InvalidValue {
        String faces = "\uD83D\uDE00".repeat(255);
        assertEquals(faces, ValueConverter.convert(field(FieldType.TEXT), faces), "255 characters, 510 UTF-16 units");
        assertEquals("controlCharacters", refusal(FieldType.TEXT, "two\nlines"));
        assertEquals("controlCharacters", refusal(FieldType.TEXT, "bell\u0007"));
        assertEquals("first line\nsecond\tcolumn", ValueConverter.convert(field(FieldType.LONG_TEXT), "first line\nsecond\tcolumn"));
        assertEquals("controlCharacters", refusal(FieldType.LONG_TEXT, "nul\u0000"));
    }

    @Test
    void datesAreThoseTheDatabasesStoreAndTimesAreRfc3339() throws InvalidValue {
        assertEquals("range", refusal(FieldType.DATE, "0000-12-31"));
        assertEquals("range", refusal(FieldType.DATE_TIME, "0000-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2016-12-31T23:59:59.999Z"), ValueConverter.convert(field(FieldType.DATE_TIME), "2016-12-31T23:59:60Z"),
                "a leap second");
        assertEquals(Instant.parse("2024-05-31T12:30:00.123Z"), ValueConverter.convert(field(FieldType.DATE_TIME), "2024-05-31t12:30:00.1234567891z"),
                "lower-case T and Z, more fraction digits than nanoseconds");
    }
}
