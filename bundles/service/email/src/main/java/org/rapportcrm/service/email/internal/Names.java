package org.rapportcrm.service.email.internal;

import org.rapportcrm.platform.api.mail.MailAddress;

/** A new contact's first and last name from a From header: "Jane Doe", "Doe, Jane", or the address's local part. */
final class Names {
    private Names() {
    }

    /** {@code [first name or null, last name]}. */
    static String[] split(MailAddress from) {
        String name = from.name() == null ? "" : from.name().strip();
        if (name.isEmpty() || name.contains("@")) {
            String local = from.address().substring(0, from.address().indexOf('@'));
            return new String[] {null, CaseThread.cut(local, 100)};
        }
        int comma = name.indexOf(',');
        if (comma > 0) {
            return new String[] {blankToNull(name.substring(comma + 1)), CaseThread.cut(name.substring(0, comma).strip(), 100)};
        }
        int space = name.lastIndexOf(' ');
        if (space < 0) {
            return new String[] {null, CaseThread.cut(name, 100)};
        }
        return new String[] {CaseThread.cut(name.substring(0, space).strip(), 100), CaseThread.cut(name.substring(space + 1), 100)};
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : CaseThread.cut(s.strip(), 100);
    }
}
