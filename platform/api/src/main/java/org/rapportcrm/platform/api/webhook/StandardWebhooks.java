package org.rapportcrm.platform.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhooks signed as the Standard Webhooks specification says (standardwebhooks.com): the headers
 * {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}
 * ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the bytes the secret's base64 after
 * {@code whsec_} encodes). During a secret rotation the sender signs with every secret (space-separated signatures)
 * and the receiver accepts a message any of its secrets signed.
 */
public final class StandardWebhooks {
    public static final String SECRET_PREFIX = "whsec_";
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a message's timestamp may be from the receiver's clock, either way (the specification's default). */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String VERSION = "v1";

    /** What a receiver makes of a message. */
    public enum Verdict {
        VALID,
        /** A header is missing, or the timestamp is not a number. */
        MALFORMED,
        /** The timestamp is further than {@link #TOLERANCE} from now: possibly a replay of an old message. */
        OUTSIDE_TOLERANCE,
        /** No signature matches any secret: a forged or altered message, or a wrong secret. */
        BAD_SIGNATURE
    }

    private StandardWebhooks() {
    }

    /** A new secret: {@code whsec_} and 24 random bytes in base64. */
    public static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether {@code secret} is {@code whsec_} followed by the base64 of at least 16 bytes. */
    public static boolean isSecret(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@code webhook-signature} header for the exact bytes sent: one {@code v1,} signature per secret. */
    public static String signature(List<String> secrets, String messageId, long timestampSeconds, byte[] body) {
        return secrets.stream().map(s -> VERSION + "," + Base64.getEncoder().encodeToString(mac(s, messageId, timestampSeconds, body)))
                .collect(Collectors.joining(" "));
    }

    /**
     * Checks a received message against the receiver's secrets (several during a rotation), comparing in constant
     * time. Replays within the tolerance carry the same {@code webhook-id}: the receiver drops ids it has seen.
     *
     * @param timestamp the {@code webhook-timestamp} header as received
     * @param signatureHeader the {@code webhook-signature} header as received
     */
    public static Verdict verify(List<String> secrets, String messageId, String timestamp, String signatureHeader, byte[] body, Instant now) {
        if (messageId == null || messageId.isBlank() || timestamp == null || signatureHeader == null || body == null) {
            return Verdict.MALFORMED;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return Verdict.OUTSIDE_TOLERANCE;
        }
        for (String secret : secrets) {
            if (!isSecret(secret)) {
                continue;
            }
            byte[] expected = mac(secret, messageId, seconds, body);
            for (String candidate : signatureHeader.strip().split(" +")) {
                int comma = candidate.indexOf(',');
                if (comma > 0 && candidate.substring(0, comma).equals(VERSION) && MessageDigest.isEqual(expected, decode(candidate.substring(comma + 1)))) {
                    return Verdict.VALID;
                }
            }
        }
        return Verdict.BAD_SIGNATURE;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] mac(String secret, String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())), "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
