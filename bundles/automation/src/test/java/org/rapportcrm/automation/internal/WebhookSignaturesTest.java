package org.rapportcrm.automation.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;

/** Our signatures as any Standard Webhooks receiver checks them: the official library is the judge. */
class WebhookSignaturesTest {
    private static java.net.http.HttpHeaders headers(String id, long timestamp, String signature) {
        return java.net.http.HttpHeaders.of(Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature)), (a, b) -> true);
    }

    @Test
    void aReceiverWithTheSecretAcceptsTheMessageAndOneWithAnotherSecretRefusesIt() throws Exception {
        String secret = StandardWebhooks.newSecret();
        String body = "{\"type\":\"contact.created\",\"data\":{\"name\":\"Zoë ✓\"}}";
        long now = Instant.now().getEpochSecond();
        String signature = StandardWebhooks.signature(List.of(secret), "msg_1_abc", now, body.getBytes(StandardCharsets.UTF_8));

        assertDoesNotThrow(() -> new Webhook(secret).verify(body, headers("msg_1_abc", now, signature)));
        assertThrows(Exception.class, () -> new Webhook(StandardWebhooks.newSecret()).verify(body, headers("msg_1_abc", now, signature)));
        assertThrows(Exception.class, () -> new Webhook(secret).verify(body + " ", headers("msg_1_abc", now, signature)));
    }

    @Test
    void duringARotationReceiversWithTheOldOrTheNewSecretBothAccept() {
        String oldSecret = StandardWebhooks.newSecret();
        String newSecret = StandardWebhooks.newSecret();
        String body = "{}";
        long now = Instant.now().getEpochSecond();
        String signature = StandardWebhooks.signature(List.of(newSecret, oldSecret), "msg_2_abc", now, body.getBytes(StandardCharsets.UTF_8));

        assertDoesNotThrow(() -> new Webhook(oldSecret).verify(body, headers("msg_2_abc", now, signature)));
        assertDoesNotThrow(() -> new Webhook(newSecret).verify(body, headers("msg_2_abc", now, signature)));
    }

    @Test
    void subscriptionsMayNotPointIntoTheServersOwnNetworkUnlessAllowed() throws Exception {
        assertTrue(Destinations.refusal("http://127.0.0.1:8080/hook", false).contains("internal address"));
        assertTrue(Destinations.refusal("http://10.1.2.3/hook", false).contains("internal address"));
        assertTrue(Destinations.refusal("http://169.254.169.254/latest/meta-data", false).contains("internal address"));
        assertTrue(Destinations.refusal("http://[::1]/hook", false).contains("internal address"));
        assertTrue(Destinations.refusal("ftp://example.com/hook", false).contains("http"));
        assertTrue(Destinations.refusal("http://user:pw@example.com/hook", false).contains("password"));
        assertFalse(Destinations.isInternal(InetAddress.getByName("93.184.215.14")));
        assertTrue(Destinations.refusal("http://127.0.0.1:8080/hook", true) == null);
    }
}
