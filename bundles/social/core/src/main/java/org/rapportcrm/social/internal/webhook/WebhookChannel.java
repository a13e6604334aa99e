package org.rapportcrm.social.internal.webhook;

import java.time.Duration;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.social.api.ChannelSettings;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.ListenContext;
import org.rapportcrm.social.api.SocialChannel;

/**
 * A generic source that pushes posts to Rapport as signed webhooks ({@code POST /api/v1/social/inbound/{channel}},
 * {@link InboundWebhooks}): nothing to listen to and nothing to reply through. Its channel's access token holds the
 * {@code whsec_} secrets.
 */
@Component(service = SocialChannel.class)
public class WebhookChannel implements SocialChannel {
    public static final String NETWORK = "webhook";
    /** The listening task has nothing to do: it looks in rarely, only so the channel shows as served. */
    private static final Duration IDLE = Duration.ofHours(6);

    @Override
    public String network() {
        return NETWORK;
    }

    @Override
    public void listen(ChannelSettings settings, ListenContext context) {
        context.pollAgainAfter(IDLE);
    }

    @Override
    public boolean supportsReplies() {
        return false;
    }

    @Override
    public InboundPost reply(ChannelSettings settings, String inReplyToNetworkId, String text, String idempotencyKey) {
        throw new UnsupportedOperationException("A webhook source cannot be answered");
    }
}
