package org.rapportcrm.sync.delta.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;

/**
 * A position in the outbox, handed to clients as an opaque string. {@code sequence} is the last entry the client has
 * seen; {@code since} a time at or before which every later entry was written (give or take {@link #MARGIN}), so the
 * token is refused once the outbox may have dropped entries it still needs; {@code access} the
 * {@link AccessFingerprint} of the caller it was issued to. A snapshot token also names the type and the keyset cursor
 * where the snapshot goes on; its {@code sequence} is where the changes after it start.
 */
record SyncToken(long sequence, Instant since, String access, String snapshotType, String cursor) {
    /** How long a transaction may stay open between taking its outbox sequence and committing. */
    static final Duration MARGIN = Duration.ofHours(1);
    /** Version 1 had no access fingerprint: its holders sync in full once. */
    private static final String VERSION = "2";

    static SyncToken changesAfter(long sequence, Instant since, String access) {
        return new SyncToken(sequence, since, access, null, null);
    }

    /** The same caller's token for the changes after {@code sequence}. */
    SyncToken changesAfter(long sequence, Instant since) {
        return changesAfter(sequence, since, access);
    }

    boolean isSnapshot() {
        return snapshotType != null;
    }

    /** The earliest time an entry after {@link #sequence} can have been made. */
    Instant readFrom() {
        return since.minus(MARGIN);
    }

    String encode() {
        String plain = VERSION + ":" + sequence + ":" + since.getEpochSecond() + ":" + access
                + (isSnapshot() ? ":" + snapshotType + ":" + (cursor == null ? "" : cursor) : "");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a token a client sent back.
     *
     * @throws InvalidSyncTokenException if it is not one of ours, or too old for the outbox to still hold what follows it
     */
    static SyncToken decode(String token, Instant now) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 6);
        } catch (IllegalArgumentException e) {
            throw new InvalidSyncTokenException("The sync token is not one this server issued: start over with a full sync");
        }
        SyncToken decoded;
        try {
            if (!VERSION.equals(parts[0]) || parts.length != 4 && parts.length != 6 || parts[3].isEmpty()) {
                throw new NumberFormatException();
            }
            Instant since = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            decoded = parts.length == 4 ? changesAfter(Long.parseLong(parts[1]), since, parts[3])
                    : new SyncToken(Long.parseLong(parts[1]), since, parts[3], parts[4], parts[5].isEmpty() ? null : parts[5]);
        } catch (RuntimeException e) {
            throw new InvalidSyncTokenException("The sync token is not one this server issued: start over with a full sync");
        }
        if (decoded.since.isBefore(now.minus(Outbox.RETENTION).plus(MARGIN)) || decoded.since.isAfter(now.plus(MARGIN))) {
            throw new InvalidSyncTokenException("The sync token is older than the " + Outbox.RETENTION.toDays()
                    + " days changes are kept: start over with a full sync");
        }
        return decoded;
    }
}
