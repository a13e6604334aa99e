package org.rapportcrm.service.portal.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The single-use links the portal mails: 256 random bits, of which only a SHA-256 hash is stored, so a copy of the
 * database opens no account. A link works once, until it expires, for the purpose it was made for; a newer link of
 * the same purpose voids the older ones. A refused link is named in field {@code token} with code {@code invalid},
 * {@code used} or {@code expired}, so the page can say what happened.
 */
public final class PortalTokens {
    /** What a link lets its holder do. Both end in choosing a password. */
    public enum Purpose {
        INVITATION, RESET;

        static List<String> names() {
            return Arrays.stream(values()).map(Enum::name).toList();
        }
    }

    /** A link that was accepted: whose it is and the stored record, to be marked used. */
    public record Redeemable(String userId, Purpose purpose, Record record) {
    }

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final RecordService records;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public PortalTokens(RecordService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Makes a link for the user; the token is returned once and only its hash is kept. Earlier links of the purpose stop working. */
    public String issue(String userId, Purpose purpose, Duration validFor) {
        return records.inTransaction(() -> {
            Instant now = clock.instant();
            for (Record open : unused(userId, purpose)) {
                records.update(Actor.system(), PortalTypes.TOKEN, open.getId(), open.getVersion(), Map.of("usedAt", now));
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            records.create(Actor.system(), PortalTypes.TOKEN, Map.of("user", userId, "purpose", purpose.name(), "tokenHash", hash(token),
                    "issuedAt", now, "expiresAt", now.plus(validFor)));
            return token;
        });
    }

    /** Whether a link of this purpose was made for the user within {@code period}, used or not. */
    public boolean issuedWithin(String userId, Purpose purpose, Duration period) {
        return !records.query(Actor.system(), Query.of(PortalTypes.TOKEN).where(Filter.and(Filter.eq("user", userId),
                Filter.eq("purpose", purpose.name()), Filter.gt("issuedAt", clock.instant().minus(period)))).limit(1)).items().isEmpty();
    }

    /** Checks a link without using it up. */
    public Redeemable check(String token) {
        if (token == null || !FORMAT.matcher(token).matches()) {
            throw refused("invalid", "This link is not valid: copy the whole link from the e-mail");
        }
        List<Record> found = records.query(Actor.system(), Query.of(PortalTypes.TOKEN).where(Filter.eq("tokenHash", hash(token))).limit(1)).items();
        if (found.isEmpty()) {
            throw refused("invalid", "This link is not valid: copy the whole link from the e-mail");
        }
        Record r = found.get(0);
        if (r.get("usedAt") != null) {
            throw refused("used", "This link was already used (or a newer one was sent): ask for a new one");
        }
        if (!clock.instant().isBefore((Instant) r.get("expiresAt"))) {
            throw refused("expired", "This link has expired: ask for a new one");
        }
        return new Redeemable((String) r.get("user"), Purpose.valueOf(((String) r.get("purpose")).toUpperCase(Locale.ROOT)), r);
    }

    /** Uses the link up; a concurrent use of the same link fails on the record's version, so only one of them wins. */
    public void markUsed(Redeemable link) {
        records.update(Actor.system(), PortalTypes.TOKEN, link.record().getId(), link.record().getVersion(), Map.of("usedAt", clock.instant()));
    }

    private List<Record> unused(String userId, Purpose purpose) {
        return records.all(Actor.system(), Query.of(PortalTypes.TOKEN).where(Filter.and(Filter.eq("user", userId),
                Filter.eq("purpose", purpose.name()), Filter.isEmpty("usedAt"))));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ValidationException refused(String code, String message) {
        return new ValidationException("token", code, message);
    }
}
