package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.IdempotentRequests;
import org.rapportcrm.platform.api.rest.IdempotentRequests.Claim;
import org.rapportcrm.platform.api.rest.IdempotentRequests.KeptResponse;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * A POST sent with an {@code Idempotency-Key} runs once: its response is kept with the key (per user, for a day, on
 * every node), the same request again gets that response, the key with another request gets 422, and a request
 * still running with the key gets 409. The work and the kept response commit together, and the client sees the
 * response only once both have.
 */
final class IdempotentExecution {
    static final String HEADER = "Idempotency-Key";
    /** A claim older than this was left by a node that died mid-request: its work cannot have committed. */
    private static final Duration ABANDONED = Duration.ofMinutes(5);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private final IdempotentRequests kept;
    private final RecordService records;
    private final long maxUploadBytes;
    private final Path spoolFolder;

    IdempotentExecution(IdempotentRequests kept, RecordService records, long maxUploadBytes, Path spoolFolder) {
        this.kept = kept;
        this.records = records;
        this.maxUploadBytes = maxUploadBytes;
        this.spoolFolder = spoolFolder;
    }

    /** Whether the request asks for it: a POST by a signed-in caller with the header. */
    static boolean applies(Exchange ex, RestRoute route) {
        return route.method().equals("POST") && ex.actor != null && ex.header(HEADER) != null;
    }

    void run(Exchange ex, RestRoute route) throws IOException {
        String key = ex.header(HEADER);
        if (!KEY.matcher(key).matches()) {
            throw new ApiException(400, "Bad request", HEADER + " must be 1 to 255 visible ASCII characters, such as a UUID",
                    List.of(new FieldError(HEADER, "format", "must be 1 to 255 visible ASCII characters")));
        }
        String userId = ex.actor.userId();
        Claim claim = kept.claim(userId, key, hash(ex, route), Instant.now().minus(ABANDONED));
        switch (claim.outcome()) {
            case REPLAY -> replay(ex, claim.response());
            case MISMATCH -> throw new ApiException(422, "Validation failed", "This " + HEADER + " was used for another request; "
                    + "use a new key for a new request", List.of(new FieldError(HEADER, "reused", "was used for another request")));
            case IN_FLIGHT -> {
                ex.response.setHeader("Retry-After", "1");
                throw new ApiException(409, "Conflict", "A request with this " + HEADER + " is still being processed", List.of());
            }
            case CLAIMED -> execute(ex, route, userId, key);
        }
    }

    private void execute(Exchange ex, RestRoute route, String userId, String key) throws IOException {
        CapturedResponse captured = new CapturedResponse(ex.response);
        Exchange capturing = ex.capturing(captured);
        try {
            records.inTransaction(() -> {
                try {
                    route.handler().handle(capturing);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                kept.complete(userId, key, new KeptResponse(captured.status(), captured.keptHeaders(), captured.body()));
                return null;
            });
        } catch (UncheckedIOException e) {
            kept.release(userId, key);
            throw e.getCause();
        } catch (RuntimeException e) {
            kept.release(userId, key);
            throw e;
        }
        captured.send();
    }

    private static void replay(Exchange ex, KeptResponse response) throws IOException {
        response.headers().forEach(ex.response::setHeader);
        ex.response.setHeader("Idempotent-Replayed", "true");
        ex.response.setStatus(response.status());
        if (response.body().length > 0) {
            ex.response.setContentLength(response.body().length);
            ex.response.getOutputStream().write(response.body());
        }
    }

    /** What makes two requests the same: method, target, media type and body (a stream upload is read into a file first). */
    private String hash(Exchange ex, RestRoute route) throws IOException {
        MessageDigest digest = sha256();
        String target = ex.request.getMethod() + "\n" + ex.request.getRequestURI() + "\n" + ex.request.getQueryString() + "\n"
                + ex.request.getContentType() + "\n";
        digest.update(target.getBytes(StandardCharsets.UTF_8));
        if (route.requestBody() != null) {
            digest.update(ex.rawBody());
        } else if (!route.requestMediaTypes().isEmpty()) {
            Files.createDirectories(spoolFolder);
            ex.spool(maxUploadBytes, spoolFolder);
            try (InputStream in = Files.newInputStream(ex.spooled())) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java without SHA-256", e);
        }
    }
}
