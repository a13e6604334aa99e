package org.rapportcrm.platform.api.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.webhook.StandardWebhooks.Verdict;

/** A receiver accepts exactly what a sender with one of its secrets signed, recently, unaltered. */
class StandardWebhooksTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final byte[] BODY = "{\"id\":\"p1\",\"text\":\"Zoë ✓ loves it\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSpecificationsExampleVerifies() {
        // The test vector of the Standard Webhooks reference libraries.
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        String signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assertEquals(signature, StandardWebhooks.signature(List.of(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body));
        assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", signature, body,
                Instant.ofEpochSecond(1614265330L + 60)));
    }

    @Test
    void aMessageSignedWithTheSecretIsValidAndWithAnotherIsNot() {
        String secret = StandardWebhooks.newSecret();
        String signature = StandardWebhooks.signature(List.of(secret), "msg_1", NOW.getEpochSecond(), BODY);
        assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(secret), "msg_1", ts(NOW), signature, BODY, NOW));
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(StandardWebhooks.newSecret()), "msg_1", ts(NOW), signature, BODY, NOW));
    }

    @Test
    void aTamperedBodyIdOrTimestampIsRefused() {
        String secret = StandardWebhooks.newSecret();
        String signature = StandardWebhooks.signature(List.of(secret), "msg_1", NOW.getEpochSecond(), BODY);
        byte[] tampered = "{\"id\":\"p1\",\"text\":\"Zoë ✓ hates it\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(secret), "msg_1", ts(NOW), signature, tampered, NOW));
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(secret), "msg_2", ts(NOW), signature, BODY, NOW));
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(secret), "msg_1", ts(NOW.plusSeconds(1)), signature, BODY, NOW));
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(secret), "msg_1", ts(NOW), "v1,not-base64!", BODY, NOW));
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(secret), "msg_1", ts(NOW), signature.replace("v1,", "v2,"), BODY, NOW));
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayIsRefusedEvenWhenSigned() {
        String secret = StandardWebhooks.newSecret();
        Instant old = NOW.minusSeconds(301);
        String signature = StandardWebhooks.signature(List.of(secret), "msg_1", old.getEpochSecond(), BODY);
        assertEquals(Verdict.OUTSIDE_TOLERANCE, StandardWebhooks.verify(List.of(secret), "msg_1", ts(old), signature, BODY, NOW));
        Instant future = NOW.plusSeconds(301);
        assertEquals(Verdict.OUTSIDE_TOLERANCE, StandardWebhooks.verify(List.of(secret), "msg_1", ts(future),
                StandardWebhooks.signature(List.of(secret), "msg_1", future.getEpochSecond(), BODY), BODY, NOW));
        Instant recent = NOW.minusSeconds(299);
        assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(secret), "msg_1", ts(recent),
                StandardWebhooks.signature(List.of(secret), "msg_1", recent.getEpochSecond(), BODY), BODY, NOW));
    }

    @Test
    void duringARotationEitherSecretIsAcceptedOnEitherSide() {
        String oldSecret = StandardWebhooks.newSecret();
        String newSecret = StandardWebhooks.newSecret();
        String signedWithOld = StandardWebhooks.signature(List.of(oldSecret), "msg_1", NOW.getEpochSecond(), BODY);
        String signedWithBoth = StandardWebhooks.signature(List.of(newSecret, oldSecret), "msg_1", NOW.getEpochSecond(), BODY);
        assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(newSecret, oldSecret), "msg_1", ts(NOW), signedWithOld, BODY, NOW));
        assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(newSecret), "msg_1", ts(NOW), signedWithBoth, BODY, NOW));
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(newSecret), "msg_1", ts(NOW), signedWithOld, BODY, NOW));
    }

    @Test
    void missingHeadersAndNonNumericTimestampsAreMalformed() {
        String secret = StandardWebhooks.newSecret();
        String signature = StandardWebhooks.signature(List.of(secret), "msg_1", NOW.getEpochSecond(), BODY);
        assertEquals(Verdict.MALFORMED, StandardWebhooks.verify(List.of(secret), null, ts(NOW), signature, BODY, NOW));
        assertEquals(Verdict.MALFORMED, StandardWebhooks.verify(List.of(secret), "msg_1", "yesterday", signature, BODY, NOW));
        assertEquals(Verdict.MALFORMED, StandardWebhooks.verify(List.of(secret), "msg_1", ts(NOW), null, BODY, NOW));
    }

    @Test
    void secretsAreWhsecAndAtLeastSixteenBytes() {
        assertTrue(StandardWebhooks.isSecret(StandardWebhooks.newSecret()));
        assertFalse(StandardWebhooks.isSecret("whsec_c2hvcnQ="));
        assertFalse(StandardWebhooks.isSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertFalse(StandardWebhooks.isSecret("whsec_%%%"));
    }

    private static String ts(Instant at) {
        return Long.toString(at.getEpochSecond());
    }
}
