package org.rapportcrm.social.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.RateLimitedException;
import org.rapportcrm.social.api.Social;
import org.rapportcrm.social.api.SocialChannel;

/**
 * A reply from the inbox: published through the post's channel (the author is mentioned so the network notifies
 * them), kept as an outbound post in the thread, and the post marked replied. The same text to the same post carries
 * the same Idempotency-Key, so a retried reply is not published twice by the network.
 */
@Component(service = Replies.class)
public class Replies {
    private final RecordService records;
    private final ChannelStore channels;
    private final ChannelListener listener;
    private final PostIngest ingest;

    @Activate
    public Replies(@Reference RecordService records, @Reference ChannelStore channels, @Reference ChannelListener listener, @Reference PostIngest ingest) {
        this.records = records;
        this.channels = channels;
        this.listener = listener;
        this.ingest = ingest;
    }

    Record reply(Actor actor, String postId, String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("text", "required", "is required");
        }
        Record post = records.get(actor, Social.POST, postId); // as the caller: who may not read it may not answer it
        Record channel = post.get("channel") == null ? null : channels.channel((String) post.get("channel")).orElse(null);
        if (channel == null) {
            throw new ValidationException("channel", "missing", "the post's channel no longer exists");
        }
        SocialChannel adapter = listener.adapter((String) channel.get("network"))
                .orElseThrow(() -> new RestException(503, null, "No adapter for " + channel.get("network") + " is installed"));
        if (!adapter.supportsReplies()) {
            throw new ValidationException("channel", "noReplies", "posts of " + channel.get("network") + " channels cannot be answered from Rapport");
        }
        String handle = (String) post.get("author");
        String body = handle != null && !text.contains("@" + handle) ? "@" + handle + " " + text.strip() : text.strip();
        InboundPost published;
        try {
            published = adapter.reply(channels.settings(channel), (String) post.get("networkId"), body, idempotencyKey(postId, body));
        } catch (RateLimitedException e) {
            throw new RestException(503, null, "The network asks to wait until " + e.retryAt());
        } catch (IOException e) {
            throw new RestException(502, null, "The network did not take the reply: " + e.getMessage());
        }
        return records.inTransaction(() -> {
            Record current = records.get(actor, Social.POST, postId);
            records.update(actor, Social.POST, postId, current.getVersion(), Map.of("status", Social.REPLIED));
            List<Record> stored = ingest.storeAll(channel, (String) channel.get("network"), List.of(published), Social.OUTBOUND);
            return stored.isEmpty() ? records.query(Actor.system(), Query.of(Social.POST)
                    .where(Filter.eq("postKey", channel.get("network") + ":" + published.networkId())).limit(1)).items().get(0) : stored.get(0);
        });
    }

    static String idempotencyKey(String postId, String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((postId + "\n" + text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
