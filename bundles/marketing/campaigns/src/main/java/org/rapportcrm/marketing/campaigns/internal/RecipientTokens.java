package org.rapportcrm.marketing.campaigns.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token of one recipient of one campaign: 96 random bits, URL- and local-part-safe, kept only as its SHA-256 (as
 * survey links are), so a copy of the database opens no one's unsubscribe link. It is short enough for a VERP
 * envelope sender ({@code bounce+<token>@domain}, local parts hold at most 64 characters) and unguessable, so nobody
 * can forge a bounce or an unsubscribe for someone else.
 */
final class RecipientTokens {
    static final String BOUNCE = "bounce";
    static final String UNSUBSCRIBE = "unsubscribe";
    private static final Pattern TAGGED = Pattern.compile("(?i)^([a-z]+)\\+([A-Za-z0-9_-]{16})@.+$");
    private final SecureRandom random = new SecureRandom();

    String fresh() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    /** {@code bounce+<token>@domain}: where bounces of this recipient's message go (VERP). */
    static String address(String tag, String token, String domain) {
        return tag + "+" + token + "@" + domain;
    }

    /** The token of an address made by {@link #address} with this tag, or null. */
    static String tokenOf(String tag, String address) {
        if (address == null) {
            return null;
        }
        Matcher m = TAGGED.matcher(address.trim());
        return m.matches() && m.group(1).toLowerCase(Locale.ROOT).equals(tag) ? m.group(2) : null;
    }
}
