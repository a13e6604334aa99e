package org.rapportcrm.social.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.internal.webhook.WebhookChannel;

/**
 * Posts pushed to a webhook channel: the message must be signed as the Standard Webhooks specification says with one
 * of the channel's secrets and be at most five minutes old; its {@code webhook-id} is stored with its posts, in the
 * same transaction, so a replayed message stores nothing. The body is one post or an array of posts:
 * {@code {"id", "text", "author": {"handle", "name", "email", "url"}, "url", "createdAt", "inReplyTo"}}.
 */
@Component(service = InboundWebhooks.class)
public class InboundWebhooks {
    /** Larger bodies are answered 413 before any of them is read into memory. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_POSTS = 1000;
    private final RecordService records;
    private final ChannelStore channels;
    private final PostIngest ingest;
    private final ObjectMapper json = new ObjectMapper();

    /** What became of a message: how many posts it held and how many were new; a replay stores none. */
    public record Receipt(int received, int stored, boolean replay) {
    }

    @Activate
    public InboundWebhooks(@Reference RecordService records, @Reference ChannelStore channels, @Reference PostIngest ingest) {
        this.records = records;
        this.channels = channels;
        this.ingest = ingest;
    }

    public Receipt receive(String channelId, String messageId, String timestamp, String signature, byte[] body) {
        Record channel = channels.channel(channelId).filter(c -> WebhookChannel.NETWORK.equals(c.get("network")))
                .filter(c -> Boolean.TRUE.equals(c.get("enabled")))
                .orElseThrow(() -> RestException.notFound("No enabled webhook channel " + channelId));
        switch (StandardWebhooks.verify(channels.secrets(channel), messageId, timestamp, signature, body, Instant.now())) {
            case VALID -> { }
            case MALFORMED -> throw new RestException(401, missingHeader(messageId, timestamp, signature),
                    "Sign the message as Standard Webhooks says: webhook-id, webhook-timestamp (Unix seconds) and webhook-signature");
            case OUTSIDE_TOLERANCE -> throw new RestException(401, StandardWebhooks.TIMESTAMP_HEADER,
                    "The timestamp is more than " + StandardWebhooks.TOLERANCE.toMinutes() + " minutes from the server's clock");
            case BAD_SIGNATURE -> throw new RestException(401, StandardWebhooks.SIGNATURE_HEADER,
                    "No signature matches a secret of this channel (or the body was changed)");
        }
        if (messageId.length() > 200) {
            throw new RestException(400, StandardWebhooks.ID_HEADER, "may be at most 200 characters");
        }
        String key = channelId + ":" + messageId;
        if (seen(key)) {
            return new Receipt(0, 0, true);
        }
        List<InboundPost> posts = posts(body);
        try {
            List<Record> stored = ingest.accept(channel, posts, null, () -> records.create(Actor.system(), SocialTypes.INBOUND_MESSAGE,
                    Map.of("key", key, "channel", channelId, "posts", posts.size())));
            return new Receipt(posts.size(), stored.size(), false);
        } catch (ValidationException e) {
            if (seen(key)) {
                return new Receipt(0, 0, true); // the same message, delivered twice at once: the other one stored it
            }
            throw e;
        }
    }

    private boolean seen(String key) {
        return records.count(Actor.system(), SocialTypes.INBOUND_MESSAGE, Filter.eq("key", key)) > 0;
    }

    /** The body as posts, or 422 naming the first fields that are wrong ({@code [2].author.handle}). */
    List<InboundPost> posts(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", "json", "is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ValidationException("body", "json", "could not be read");
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new ValidationException("body", "type", "must be a post (an object) or an array of posts");
        }
        List<JsonNode> items = new ArrayList<>();
        (root.isArray() ? root : json.createArrayNode().add(root)).forEach(items::add);
        if (items.isEmpty() || items.size() > MAX_POSTS) {
            throw new ValidationException("body", "size", "must hold between 1 and " + MAX_POSTS + " posts");
        }
        List<FieldError> errors = new ArrayList<>();
        List<InboundPost> posts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = root.isArray() ? "[" + i + "]." : "";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                errors.add(new FieldError(root.isArray() ? "[" + i + "]" : "body", "type", "must be an object"));
                continue;
            }
            String id = text(item, "id", at, 100, true, errors);
            String text = text(item, "text", at, 20_000, true, errors);
            String url = text(item, "url", at, 2000, false, errors);
            String inReplyTo = text(item, "inReplyTo", at, 100, false, errors);
            Instant createdAt = instant(item, at, errors);
            JsonNode author = item.path("author");
            String handle = null;
            String name = null;
            String email = null;
            String authorUrl = null;
            if (!author.isObject()) {
                errors.add(new FieldError(at + "author", author.isMissingNode() || author.isNull() ? "required" : "type",
                        "is required: an object with a handle, and a name, email and url if known"));
            } else {
                handle = text(author, "handle", at + "author.", 300, true, errors);
                name = text(author, "name", at + "author.", 200, false, errors);
                email = text(author, "email", at + "author.", 300, false, errors);
                authorUrl = text(author, "url", at + "author.", 2000, false, errors);
                if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    errors.add(new FieldError(at + "author.email", "format", "must be an e-mail address"));
                }
            }
            if (errors.isEmpty()) {
                posts.add(new InboundPost(id, inReplyTo, createdAt, escape(text), url, null,
                        new InboundPost.Author(null, handle, name, authorUrl, email)));
            }
        }
        ValidationException.throwIfAny(errors);
        return posts;
    }

    private static String text(JsonNode node, String name, String at, int maxLength, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(at + name, "required", "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(at + name, "type", "must be a string"));
            return null;
        }
        String text = value.asText().strip();
        if (required && text.isEmpty()) {
            errors.add(new FieldError(at + name, "required", "is required"));
        } else if (text.length() > maxLength) {
            errors.add(new FieldError(at + name, "maxLength", "may be at most " + maxLength + " characters"));
        }
        return text.isEmpty() ? null : text;
    }

    private static Instant instant(JsonNode item, String at, List<FieldError> errors) {
        JsonNode value = item.get("createdAt");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(at + "createdAt", "format", "must be an ISO-8601 instant such as 2026-12-05T10:15:30Z"));
            return null;
        }
    }

    /** The ingest strips HTML: a plain text's "<" and "&" must survive that. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }

    private static String missingHeader(String messageId, String timestamp, String signature) {
        return Optional.ofNullable(messageId == null ? StandardWebhooks.ID_HEADER : null)
                .or(() -> Optional.ofNullable(timestamp == null || !timestamp.strip().matches("\\d+") ? StandardWebhooks.TIMESTAMP_HEADER : null))
                .orElse(signature == null ? StandardWebhooks.SIGNATURE_HEADER : StandardWebhooks.ID_HEADER);
    }
}
