package org.rapportcrm.social.internal;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;
import org.rapportcrm.social.api.Social;
import org.rapportcrm.social.internal.webhook.WebhookChannel;

/**
 * A channel as it is written: its access token leaves the record for the channel's hidden state (so it is never
 * answered back, not even to administrators), its state key cannot be changed, its address must be http(s); and an
 * enabled channel gets its listening task, in the same transaction.
 */
@Component
public class ChannelRules implements RecordTrigger {
    private final ChannelStore channels;
    private final TaskScheduler scheduler;
    private final ChannelListener listener;

    @Activate
    public ChannelRules(@Reference ChannelStore channels, @Reference TaskScheduler scheduler, @Reference ChannelListener listener) {
        this.channels = channels;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Social.CHANNEL);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        String stateKey = before == null || before.get("stateKey") == null ? UUID.randomUUID().toString() : (String) before.get("stateKey");
        after.put("stateKey", stateKey);
        Object url = after.get("baseUrl");
        if (url != null && !isHttp(url.toString())) {
            throw new ValidationException("baseUrl", "format", "must be an http or https address");
        }
        Object token = after.get("accessToken");
        if (token != null && WebhookChannel.NETWORK.equals(after.get("network"))
                && !Arrays.stream(token.toString().strip().split("[\\s,]+")).allMatch(StandardWebhooks::isSecret)) {
            throw new ValidationException("accessToken", "format", "a webhook channel's secrets are whsec_ and at least 16 bytes in base64, "
                    + "separated by spaces");
        }
        if (token != null && !token.toString().isBlank()) {
            channels.saveToken(stateKey, token.toString().strip());
            after.put("credentialsStored", true);
        }
        after.put("accessToken", null);
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        // This node's current turn (if any) ends and the next one reads the settings as committed; other nodes' turns
        // end within listenTurnSeconds.
        listener.restart(change.record().getId());
        if (RecordEvents.DELETED.equals(change.kind())) {
            cancel(change.record().getId());
        } else if (Boolean.TRUE.equals(change.record().get("enabled"))) {
            try {
                // Now: a running turn is told to stop and picks up the new settings (ChannelListener).
                scheduler.schedule(ChannelListener.NAME, change.record().getId(), Instant.now(), Map.of());
            } catch (TaskRunningException e) {
                // It is listening; it reads the channel again at its next turn.
            }
        } else {
            cancel(change.record().getId());
        }
    }

    private void cancel(String channelId) {
        try {
            scheduler.cancel(ChannelListener.NAME, channelId);
        } catch (TaskRunningException e) {
            // It sees that the channel is disabled or gone when its turn ends.
        }
    }

    private static boolean isHttp(String url) {
        try {
            String scheme = URI.create(url).getScheme();
            return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
