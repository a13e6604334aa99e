package org.rapportcrm.marketing.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.marketing.api.RecipientLinks;
import org.rapportcrm.platform.api.cluster.SharedSettings;

/**
 * Signed links for recipients who do not sign in: a token names what it is for (a confirmation, a preference centre)
 * and an id, expires, and carries an HMAC-SHA256 of both with a secret every node shares (configured, or generated
 * once into the cluster's shared settings).
 */
@Component(service = {ConsentLinks.class, RecipientLinks.class}, configurationPid = ConsentLinks.PID)
@Designate(ocd = ConsentLinks.Config.class)
public class ConsentLinks implements RecipientLinks {
    public static final String PID = "org.rapportcrm.marketing.consent";
    static final String CONFIRM = "confirm";
    static final String PREFERENCES = "preferences";
    private static final String SCOPE = "marketing.consent";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @ObjectClassDefinition(name = "Rapport marketing consent links", description = "Double opt-in and preference centre links")
    public @interface Config {
        @AttributeDefinition(description = "The address recipients reach Rapport at, as links in e-mails start")
        String publicUrl() default "http://localhost:8181";

        @AttributeDefinition(description = "Days a link works")
        int linkDays() default 30;

        @AttributeDefinition(description = "The secret links are signed with; empty to generate one shared by every node", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String linkSecret() default "";
    }

    private final String publicUrl;
    private final Duration validity;
    private final byte[] secret;
    private final Clock clock;

    @Activate
    public ConsentLinks(@Reference SharedSettings shared, Config config) {
        this(config.publicUrl(), Duration.ofDays(config.linkDays()), secret(shared, config.linkSecret()), Clock.systemUTC());
    }

    ConsentLinks(String publicUrl, Duration validity, byte[] secret, Clock clock) {
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.validity = validity;
        this.secret = secret.clone();
        this.clock = clock;
    }

    private static byte[] secret(SharedSettings shared, String configured) {
        if (!configured.isEmpty()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        String stored = shared.get(SCOPE).get("linkSecret");
        if (stored == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            shared.put(SCOPE, "linkSecret", B64.encodeToString(fresh));
            stored = shared.get(SCOPE).get("linkSecret");
        }
        return stored.getBytes(StandardCharsets.UTF_8);
    }

    String url(String purpose, String id) {
        return publicUrl + "/api/v1/consents/" + purpose + "?token=" + token(purpose, id);
    }

    String token(String purpose, String id) {
        return sign(purpose, id, validity);
    }

    @Override
    public String publicUrl() {
        return publicUrl;
    }

    @Override
    public String sign(String purpose, String id, Duration validity) {
        String payload = purpose + "|" + id + "|" + clock.instant().plus(validity).getEpochSecond();
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(sign(payload));
    }

    @Override
    public String verify(String purpose, String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot < 1) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload))) {
                return null;
            }
            // The id may itself hold '|' (a signed URL): the purpose is before the first, the expiry after the last.
            int first = payload.indexOf('|');
            int last = payload.lastIndexOf('|');
            if (first < 0 || last <= first || !payload.substring(0, first).equals(purpose)
                    || Instant.ofEpochSecond(Long.parseLong(payload.substring(last + 1))).isBefore(clock.instant())) {
                return null;
            }
            return payload.substring(first + 1, last);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17", e);
        }
    }
}
