package org.rapportcrm.marketing.api;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Signed links for recipients who do not sign in (confirmations, the preference centre, campaign clicks): a token
 * names what it is for and an id, expires, and carries an HMAC of both with a secret every node of the cluster shares.
 *
 * @since 1.1
 */
@ProviderType
public interface RecipientLinks {
    /** The address recipients reach Rapport at, without a trailing slash ({@code https://crm.example.org}). */
    String publicUrl();

    /** A URL-safe token for {@code id}, valid for {@code purpose} only, until {@code validity} from now. */
    String sign(String purpose, String id, Duration validity);

    /** The id a valid, unexpired token of this purpose names, or null for anything else. */
    String verify(String purpose, String token);
}
