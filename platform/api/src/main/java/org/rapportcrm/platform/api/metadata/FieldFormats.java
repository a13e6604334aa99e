package org.rapportcrm.platform.api.metadata;

/**
 * The formats of text values the platform accepts, as regular expressions valid both in Java and in JSON Schema
 * (ECMA-262), so what the API documents is exactly what it checks.
 */
public final class FieldFormats {
    /** Single-line text: no control characters (tab, line breaks and the rest of C0, DEL). */
    public static final String SINGLE_LINE = "^[^\\u0000-\\u001F\\u007F]*$";
    /** Multi-line text: line breaks and tabs, but no other control characters (databases refuse NUL). */
    public static final String MULTI_LINE = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$";
    /** An e-mail address: something, an @, a domain with a dot; no spaces or control characters. */
    public static final String EMAIL = "^[^@\\s\\u0000-\\u001F\\u007F]+@[^@\\s\\u0000-\\u001F\\u007F]+\\.[^@\\s\\u0000-\\u001F\\u007F]+$";
    /** A phone number: digits, spaces and + ( ) - . /, optionally an extension. */
    public static final String PHONE = "^\\+?[0-9][0-9 ()./\\-]{1,30}( ?(x|ext\\.?) ?[0-9]{1,6})?$";
    /** An http or https address with a host; no spaces or control characters. */
    public static final String URL = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@\\u0000-\\u001F\\u007F]+([/?#][^\\s\\u0000-\\u001F\\u007F]*)?$";
    /** The id of a record or a user. */
    public static final String ID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    /** An ISO 4217 currency code. */
    public static final String CURRENCY = "^[A-Z]{3}$";

    private FieldFormats() {
    }
}
