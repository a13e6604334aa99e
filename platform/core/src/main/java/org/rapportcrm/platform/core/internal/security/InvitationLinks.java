package org.rapportcrm.platform.core.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.record.ValidationException;

/**
 * The single-use links mailed to external principals, in {@code rapport_invitation_link}: 256 random bits of which only
 * a SHA-256 hash is stored. A link works once, until it expires; a newer link for the user voids the older ones. A
 * refused link is named in field {@code token} with code {@code invalid}, {@code used} or {@code expired}.
 */
final class InvitationLinks {
    /** What a link lets its holder do. Both end in choosing a password. */
    enum Purpose {
        INVITATION, RESET
    }

    /** A link that was accepted: whose it is, for what, of which portal. */
    record Redeemed(String userId, Purpose purpose, String portal) {
    }

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final SecureRandom random = new SecureRandom();

    /** Makes a link for the user; the token is returned once and only its hash is kept. The user's earlier links stop working. */
    String issue(Connection c, String userId, Purpose purpose, String portal, Instant now, Duration validFor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_invitation_link SET used_at = ? WHERE user_id = ? AND used_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, userId);
            ps.executeUpdate();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_invitation_link (token_hash, user_id, purpose, portal, "
                + "issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, hash(token));
            ps.setString(2, userId);
            ps.setString(3, purpose.name());
            ps.setString(4, portal);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setTimestamp(6, Timestamp.from(now.plus(validFor)));
            ps.executeUpdate();
        }
        return token;
    }

    /** Whether a link of this purpose was made for the user since {@code since}, used or not. */
    boolean issuedSince(Connection c, String userId, Purpose purpose, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT token_hash FROM rapport_invitation_link WHERE user_id = ? AND purpose = ? "
                + "AND issued_at > ?")) {
            ps.setString(1, userId);
            ps.setString(2, purpose.name());
            ps.setTimestamp(3, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Uses the link up, if it works: of two concurrent uses of one link only one marks it (the other is refused as
     * used). The caller's transaction keeps the link working if what it does with it fails.
     */
    Redeemed redeem(Connection c, String token, Instant now) throws SQLException {
        if (token == null || !FORMAT.matcher(token).matches()) {
            throw refused("invalid", "This link is not valid: copy the whole link from the e-mail");
        }
        String hash = hash(token);
        Redeemed link;
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, purpose, portal, expires_at, used_at FROM rapport_invitation_link "
                + "WHERE token_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw refused("invalid", "This link is not valid: copy the whole link from the e-mail");
                }
                if (rs.getTimestamp("used_at") != null) {
                    throw used();
                }
                if (!now.isBefore(rs.getTimestamp("expires_at").toInstant())) {
                    throw refused("expired", "This link has expired: ask for a new one");
                }
                link = new Redeemed(rs.getString("user_id"), Purpose.valueOf(rs.getString("purpose")), rs.getString("portal"));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_invitation_link SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, hash);
            if (ps.executeUpdate() != 1) {
                throw used();
            }
        }
        return link;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ValidationException used() {
        return refused("used", "This link was already used (or a newer one was sent): ask for a new one");
    }

    private static ValidationException refused(String code, String message) {
        return new ValidationException("token", code, message);
    }
}
