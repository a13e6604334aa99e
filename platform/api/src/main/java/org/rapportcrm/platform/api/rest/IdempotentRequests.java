package org.rapportcrm.platform.api.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The responses to requests sent with an {@code Idempotency-Key}, kept in the database so that a client (or a proxy)
 * retrying a request on any node gets the first answer again instead of a second record. The REST layer uses it for
 * every POST; it is implemented by the platform.
 */
@ProviderType
public interface IdempotentRequests {
    /** How long a key is kept: a retry within this time is answered from the first response. */
    Duration RETENTION = Duration.ofHours(24);

    /** What a claim of a key found. */
    enum Outcome {
        /** The key is new (or expired): run the request, then {@link #complete} or {@link #release} it. */
        CLAIMED,
        /** The same request was answered before: send {@link Claim#response()} again. */
        REPLAY,
        /** A request with this key is still running. */
        IN_FLIGHT,
        /** The key was used for another request (another method, path or body). */
        MISMATCH
    }

    record Claim(Outcome outcome, KeptResponse response) {
    }

    /** A response as it is kept: status, the headers a client needs again (Location, ETag, Content-Type), body. */
    record KeptResponse(int status, Map<String, String> headers, byte[] body) {
        public KeptResponse {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * Claims {@code key} of {@code userId} for a request whose method, target and body hash to {@code requestHash}.
     * A claim left running since before {@code abandonedBefore} (its node died) is taken over.
     */
    Claim claim(String userId, String key, String requestHash, Instant abandonedBefore);

    /** Keeps the response of a claimed request; inside the transaction of the request's work, so both commit or neither. */
    void complete(String userId, String key, KeptResponse response);

    /** Gives a claim up (the request failed): the same key may be sent again. */
    void release(String userId, String key);

    /** Forgets keys claimed before {@code before}. @return how many */
    int expire(Instant before);
}
