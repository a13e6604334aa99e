package org.rapportcrm.service.surveys.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The links of survey invitations. Each carries a secret of 256 random bits, so it cannot be guessed or forged; only
 * its SHA-256 is stored with the response, so neither a reader of responses nor a copy of the database can answer
 * for a customer. The link answers once (see {@link Answers}) and expires.
 */
final class SurveyLinks {
    static final String PATH = "/surveys";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final SecureRandom random = new SecureRandom();
    private final String publicUrl;

    SurveyLinks(String publicUrl) {
        String url = publicUrl == null ? "" : publicUrl.strip();
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String newToken() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether the text has the form of a token (anything else is refused before any lookup). */
    static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page of the survey, with the score chosen in the e-mail when there is one. */
    String answerUrl(String token, Integer score) {
        return publicUrl + PATH + "/" + token + (score == null ? "" : "?score=" + score);
    }
}
