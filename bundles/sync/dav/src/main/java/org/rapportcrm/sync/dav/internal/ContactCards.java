package org.rapportcrm.sync.dav.internal;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.Birthday;
import ezvcard.property.Email;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.record.Record;

/**
 * Contact records as vCards and back. Written: UID, FN, N, ORG (the account's name and the department), TITLE,
 * EMAIL, TEL (work and cell), ADR (city, country), BDAY, NOTE, REV. Read: the same but ORG, which follows the contact's
 * account in the CRM and is not changed from a phone. A field the vCard leaves out is emptied: the vCard is the whole
 * of what a client sees of those fields.
 */
final class ContactCards {
    static final String TYPE = "contact";

    private ContactCards() {
    }

    static String write(Record contact, String uid, String accountName, VCardVersion version) {
        VCard card = new VCard();
        card.setUid(new ezvcard.property.Uid(uid));
        String first = text(contact, "firstName");
        String last = text(contact, "lastName");
        StructuredName n = new StructuredName();
        n.setGiven(first);
        n.setFamily(last);
        card.setStructuredName(n);
        card.setFormattedName(String.join(" ", java.util.stream.Stream.of(first, last).filter(s -> s != null && !s.isBlank()).toList()));
        if (accountName != null || text(contact, "department") != null) {
            Organization org = new Organization();
            org.getValues().add(accountName == null ? "" : accountName);
            if (text(contact, "department") != null) {
                org.getValues().add(text(contact, "department"));
            }
            card.setOrganization(org);
        }
        if (text(contact, "title") != null) {
            card.addTitle(text(contact, "title"));
        }
        if (text(contact, "email") != null) {
            card.addEmail(text(contact, "email"), EmailType.WORK);
        }
        if (text(contact, "phone") != null) {
            card.addTelephoneNumber(text(contact, "phone"), TelephoneType.WORK, TelephoneType.VOICE);
        }
        if (text(contact, "mobile") != null) {
            card.addTelephoneNumber(text(contact, "mobile"), TelephoneType.CELL);
        }
        if (text(contact, "city") != null || text(contact, "country") != null) {
            Address adr = new Address();
            adr.setLocality(text(contact, "city"));
            adr.setCountry(text(contact, "country"));
            adr.getTypes().add(AddressType.WORK);
            card.addAddress(adr);
        }
        if (contact.get("birthdate") instanceof LocalDate birthdate) {
            card.setBirthday(new Birthday(birthdate));
        }
        if (text(contact, "description") != null) {
            card.addNote(text(contact, "description"));
        }
        if (contact.getUpdatedAt() != null) {
            card.setRevision(contact.getUpdatedAt());
        }
        return Ezvcard.write(card).version(version).prodId(false).go();
    }

    /** Reads one vCard (3.0 or 4.0). @throws DavCollection.InvalidItem if it is not a vCard or has no name */
    static VCard parse(String text) {
        VCard card;
        try {
            card = Ezvcard.parse(text).first();
        } catch (RuntimeException e) {
            throw new DavCollection.InvalidItem("Not a vCard: " + e.getMessage());
        }
        if (card == null) {
            throw new DavCollection.InvalidItem("Not a vCard: no BEGIN:VCARD ... END:VCARD");
        }
        return card;
    }

    /** The contact's fields from a vCard. @throws DavCollection.InvalidItem if it names nobody (no N family name and no FN) */
    static Map<String, Object> fields(VCard card) {
        Map<String, Object> fields = new LinkedHashMap<>();
        StructuredName n = card.getStructuredName();
        String first = n == null ? null : blankToNull(n.getGiven());
        String last = n == null ? null : blankToNull(n.getFamily());
        if (last == null && card.getFormattedName() != null && blankToNull(card.getFormattedName().getValue()) != null) {
            String fn = card.getFormattedName().getValue().trim();
            int space = fn.lastIndexOf(' ');
            last = space < 0 ? fn : fn.substring(space + 1);
            first = first != null ? first : space < 0 ? null : fn.substring(0, space);
        }
        if (last == null) {
            throw new DavCollection.InvalidItem("The vCard names nobody: give N or FN");
        }
        fields.put("firstName", first);
        fields.put("lastName", last);
        fields.put("title", card.getTitles().isEmpty() ? null : blankToNull(card.getTitles().get(0).getValue()));
        fields.put("email", card.getEmails().stream().map(Email::getValue).filter(v -> blankToNull(v) != null).findFirst().orElse(null));
        List<Telephone> tels = card.getTelephoneNumbers();
        fields.put("mobile", tels.stream().filter(t -> t.getTypes().contains(TelephoneType.CELL)).map(ContactCards::number)
                .filter(v -> v != null).findFirst().orElse(null));
        fields.put("phone", tels.stream().filter(t -> !t.getTypes().contains(TelephoneType.CELL)).map(ContactCards::number)
                .filter(v -> v != null).findFirst().orElse(null));
        Address adr = card.getAddresses().isEmpty() ? null : card.getAddresses().get(0);
        fields.put("city", adr == null ? null : blankToNull(adr.getLocality()));
        fields.put("country", adr == null ? null : blankToNull(adr.getCountry()));
        Birthday bday = card.getBirthday();
        Temporal date = bday == null ? null : bday.getDate() != null ? LocalDate.from(bday.getDate())
                : bday.getPartialDate() != null && bday.getPartialDate().getYear() != null && bday.getPartialDate().getMonth() != null
                        && bday.getPartialDate().getDate() != null
                        ? LocalDate.of(bday.getPartialDate().getYear(), bday.getPartialDate().getMonth(), bday.getPartialDate().getDate()) : null;
        fields.put("birthdate", date == null ? null : date.toString());
        fields.put("description", card.getNotes().isEmpty() ? null : blankToNull(card.getNotes().get(0).getValue()));
        return fields;
    }

    /** The UID a client gave the card, or null. */
    static String uid(VCard card) {
        return card.getUid() == null ? null : blankToNull(card.getUid().getValue());
    }

    private static String number(Telephone t) {
        return blankToNull(t.getText() != null ? t.getText() : t.getUri() == null ? null : t.getUri().getNumber());
    }

    private static String text(Record r, String field) {
        Object v = r.get(field);
        return v == null ? null : blankToNull(v.toString());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
