package org.rapportcrm.platform.api.mail;

import java.util.regex.Pattern;

/**
 * An e-mail address ({@code jane@example.org}) with an optional display name. Only addresses a mail server accepts
 * from us are made: a local part of printable characters without spaces, quotes or angle brackets, and a domain
 * name of letters, digits and hyphens (internationalised names in their Unicode or {@code xn--} form).
 */
public record MailAddress(String address, String name) {
    private static final Pattern LOCAL = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");
    private static final Pattern NAMED = Pattern.compile("\\s*(.*?)\\s*<([^<>]*)>\\s*");

    /**
     * @throws InvalidMailException (field {@code address}) if it is not an address we can send to
     */
    public MailAddress {
        if (address == null || !valid(address.trim())) {
            throw new InvalidMailException("address", "'" + address + "' is not an e-mail address");
        }
        address = address.trim();
        if (name != null) {
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidMailException("name", "a display name has no line breaks or control characters");
            }
            name = name.isBlank() ? null : name.trim();
        }
    }

    public static MailAddress of(String address) {
        return new MailAddress(address, null);
    }

    public static MailAddress of(String address, String name) {
        return new MailAddress(address, name);
    }

    /**
     * Reads {@code jane@example.org} or {@code Jane Doe <jane@example.org>} (the name may be in double quotes).
     *
     * @throws InvalidMailException (field {@code address}) if it is neither
     */
    public static MailAddress parse(String text) {
        if (text == null) {
            throw new InvalidMailException("address", "an e-mail address is required");
        }
        var named = NAMED.matcher(text);
        if (named.matches()) {
            String name = named.group(1);
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new MailAddress(named.group(2), name);
        }
        return new MailAddress(text, null);
    }

    /** Whether {@code text} is an address this type accepts. */
    public static boolean isValid(String text) {
        return text != null && valid(text.trim());
    }

    private static boolean valid(String a) {
        int at = a.lastIndexOf('@');
        if (at < 1 || at == a.length() - 1 || a.length() > 254 || at > 64) {
            return false;
        }
        if (!LOCAL.matcher(a.substring(0, at)).matches()) {
            return false;
        }
        String[] labels = a.substring(at + 1).split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** {@code "Jane Doe" <jane@example.org>}, or the bare address without a name. */
    @Override
    public String toString() {
        return name == null ? address : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
    }
}
