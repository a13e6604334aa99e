package org.rapportcrm.sync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ezvcard.VCardVersion;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;

class ContactCardsTest {
    private static Record contact() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("firstName", "Jürgen");
        v.put("lastName", "Müller");
        v.put("email", "jm@example.com");
        v.put("phone", "+49 30 123");
        v.put("mobile", "+49 170 456");
        v.put("title", "Buyer");
        v.put("department", "Purchasing");
        v.put("account", "a1");
        v.put("city", "Berlin");
        v.put("country", "Germany");
        v.put("birthdate", LocalDate.of(1980, 2, 29));
        v.put("description", "Met at the fair; likes, commas");
        return new Record("contact", "c1", 3, "u1", Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-02T10:00:00Z"), "u1",
                "u1", v);
    }

    @Test
    void aContactIsAVCard4WithEveryMappedField() {
        String card = ContactCards.write(contact(), "c1", "Northwind", VCardVersion.V4_0);
        assertTrue(card.contains("VERSION:4.0"), card);
        assertTrue(card.contains("UID:c1"), card);
        assertTrue(card.contains("FN:Jürgen Müller"), card);
        assertTrue(card.contains("N:Müller;Jürgen;;;"), card);
        assertTrue(card.contains("ORG:Northwind;Purchasing"), card);
        assertTrue(card.contains("TITLE:Buyer"), card);
        assertTrue(card.contains("jm@example.com"), card);
        assertTrue(card.contains("+49 170 456"), card);
        assertTrue(card.contains("Berlin"), card);
        assertTrue(card.contains("BDAY:19800229"), card);
        assertTrue(card.contains("NOTE:Met at the fair\\; likes\\, commas") || card.contains("NOTE:Met at the fair; likes\\, commas"), card);
    }

    @Test
    void olderClientsGetAVCard3() {
        String card = ContactCards.write(contact(), "c1", null, VCardVersion.V3_0);
        assertTrue(card.contains("VERSION:3.0"), card);
        assertTrue(card.contains("ORG:;Purchasing"), card);
    }

    @Test
    void aCardWrittenAndReadBackGivesTheSameFields() {
        Map<String, Object> fields = ContactCards.fields(ContactCards.parse(ContactCards.write(contact(), "c1", "Northwind", VCardVersion.V4_0)));
        assertEquals("Jürgen", fields.get("firstName"));
        assertEquals("Müller", fields.get("lastName"));
        assertEquals("jm@example.com", fields.get("email"));
        assertEquals("+49 30 123", fields.get("phone"));
        assertEquals("+49 170 456", fields.get("mobile"));
        assertEquals("Buyer", fields.get("title"));
        assertEquals("Berlin", fields.get("city"));
        assertEquals("Germany", fields.get("country"));
        assertEquals("1980-02-29", fields.get("birthdate"));
        assertEquals("Met at the fair; likes, commas", fields.get("description"));
        assertTrue(!fields.containsKey("account") && !fields.containsKey("department"), "ORG is read-only: " + fields);
    }

    @Test
    void aVCard3FromAPhoneFillsTheContact() {
        String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-123\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nTEL;TYPE=CELL:+1 555 0100\r\n"
                + "TEL;TYPE=HOME:+1 555 0199\r\nEMAIL;TYPE=INTERNET:ann@example.org\r\nX-PHONE-LABEL:kept by nobody\r\nEND:VCARD\r\n";
        var parsed = ContactCards.parse(card);
        Map<String, Object> fields = ContactCards.fields(parsed);
        assertEquals("phone-123", ContactCards.uid(parsed));
        assertEquals("Lee", fields.get("lastName"));
        assertEquals("+1 555 0100", fields.get("mobile"));
        assertEquals("+1 555 0199", fields.get("phone"));
        assertEquals("ann@example.org", fields.get("email"));
        assertNull(fields.get("title"), "a field the card leaves out is emptied");
        assertTrue(fields.containsKey("title"));
    }

    @Test
    void aCardWithOnlyAFormattedNameIsSplitIntoFirstAndLastName() {
        Map<String, Object> fields = ContactCards.fields(ContactCards.parse("BEGIN:VCARD\nVERSION:4.0\nFN:Mary Ann Smith\nEND:VCARD\n"));
        assertEquals("Mary Ann", fields.get("firstName"));
        assertEquals("Smith", fields.get("lastName"));
    }

    @Test
    void whatIsNoVCardOrNamesNobodyIsRefused() {
        assertThrows(DavCollection.InvalidItem.class, () -> ContactCards.parse("hello"));
        assertThrows(DavCollection.InvalidItem.class, () -> ContactCards.fields(ContactCards.parse("BEGIN:VCARD\nVERSION:4.0\nEMAIL:x@y.z\nEND:VCARD\n")));
    }
}
