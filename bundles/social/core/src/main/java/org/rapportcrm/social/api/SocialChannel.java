package org.rapportcrm.social.api;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: one social network. Register it as a DS component; administrators then configure channels of its
 * {@link #network()} at {@code /api/v1/socialChannels}, and the capability runs each enabled channel's
 * {@link #listen} on one node of the cluster at a time (a task of the clustered scheduler), stores what it hands over
 * exactly once, and keeps its position durably so a restart or another node goes on from there.
 */
@ConsumerType
public interface SocialChannel {
    /** The network's name as channels name it, lower case ({@code mastodon}); one adapter per network. */
    String network();

    /**
     * Receives posts until {@link ListenContext#stopRequested()} (checked at least every few seconds; the capability
     * also closes what was passed to {@link ListenContext#closeOnStop} to break a blocking read) and returns normally.
     * Hand posts over with {@link ListenContext#accept}, with the position that follows them; start from
     * {@link ListenContext#position()}.
     *
     * @throws RateLimitedException when the network asks to wait; the capability runs the channel again after it
     * @throws IOException or any other exception for a failure: the channel is retried with a back-off
     */
    void listen(ChannelSettings settings, ListenContext context) throws Exception;

    /**
     * Whether {@link #reply} can publish on this network; false for read-only sources such as feeds, whose posts the
     * inbox then offers no reply for.
     *
     * @since 1.1
     */
    default boolean supportsReplies() {
        return true;
    }

    /**
     * Publishes a reply to a post of this network. {@code idempotencyKey} is the same when the capability retries the
     * same reply, so the network can drop a duplicate.
     *
     * @return the reply as the network stored it (its network id at least)
     * @throws RateLimitedException when the network asks to wait
     * @throws UnsupportedOperationException if {@link #supportsReplies()} is false
     */
    InboundPost reply(ChannelSettings settings, String inReplyToNetworkId, String text, String idempotencyKey) throws IOException;
}
