package org.rapportcrm.social.internal.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.social.api.ChannelSettings;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.ListenContext;
import org.rapportcrm.social.api.RateLimitedException;
import org.rapportcrm.social.api.SocialChannel;

/**
 * RSS and Atom feeds (blogs, review sites), read with Rome: one feed address per channel, fetched once per turn with
 * a conditional GET (the ETag and Last-Modified of the last answer are the channel's position, stored with the posts),
 * then polled again after the channel's interval by the clustered scheduler. Entries are told apart by their id
 * (Atom {@code id}, RSS {@code guid}) or else their link; the ingest stores each once. 429 and 503 wait for
 * Retry-After. Rome's default parser refuses a DOCTYPE, so no external entity is ever read (spikes/social.md).
 */
@Component(service = SocialChannel.class)
public class FeedChannel implements SocialChannel {
    static final String NETWORK = "rss";
    /** Larger feeds are refused rather than read into memory. */
    static final int MAX_FEED_BYTES = 10 * 1024 * 1024;
    private static final int MAX_NETWORK_ID = 100;
    private static final int MAX_POSITION = 500;
    private static final Duration DEFAULT_RETRY = Duration.ofMinutes(5);
    private static final Pattern EMAIL_AND_NAME = Pattern.compile("\\s*([^\\s()]+@[^\\s()]+)\\s*(?:\\((.*)\\))?\\s*");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String network() {
        return NETWORK;
    }

    @Override
    public boolean supportsReplies() {
        return false;
    }

    @Override
    public InboundPost reply(ChannelSettings settings, String inReplyToNetworkId, String text, String idempotencyKey) {
        throw new UnsupportedOperationException("A feed cannot be answered");
    }

    @Override
    public void listen(ChannelSettings settings, ListenContext context) throws Exception {
        context.pollAgainAfter(settings.pollInterval());
        JsonNode position = readPosition(context.position());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl())).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
                .header("User-Agent", "Rapport CRM feed reader").GET();
        if (position.hasNonNull("etag")) {
            request.header("If-None-Match", position.get("etag").asText());
        }
        if (position.hasNonNull("modified")) {
            request.header("If-Modified-Since", position.get("modified").asText());
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            context.closeOnStop(body);
            int status = response.statusCode();
            if (status == 304) {
                return;
            }
            if (status == 429 || status == 503) {
                throw new RateLimitedException(retryAt(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
            }
            if (status / 100 != 2) {
                throw new IOException("The feed answered HTTP " + status);
            }
            byte[] content = body.readNBytes(MAX_FEED_BYTES + 1);
            if (content.length > MAX_FEED_BYTES) {
                throw new IOException("The feed is larger than " + MAX_FEED_BYTES / (1024 * 1024) + " MB");
            }
            List<InboundPost> posts = parse(content, response.headers().firstValue("Content-Type").orElse(null), settings.baseUrl());
            context.accept(posts, position(response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null)));
        }
    }

    /** The feed's entries as posts, oldest first; the feed's title stands for an entry without an author. */
    static List<InboundPost> parse(byte[] content, String contentType, String feedUrl) throws IOException {
        SyndFeed feed;
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(content), contentType, true)) {
            feed = new SyndFeedInput().build(reader);
        } catch (FeedException | IllegalArgumentException e) {
            throw new IOException("Not an RSS or Atom feed: " + e.getMessage(), e);
        }
        String source = feed.getTitle() != null && !feed.getTitle().isBlank() ? feed.getTitle().strip() : URI.create(feedUrl).getHost();
        List<InboundPost> posts = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            String id = firstNonBlank(entry.getUri(), entry.getLink(), entry.getTitle());
            if (id == null) {
                continue; // nothing to tell it apart by
            }
            Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            posts.add(new InboundPost(networkId(feedUrl, id), null, date == null ? null : date.toInstant(), html(entry), entry.getLink(), null,
                    author(entry, source, feedUrl)));
        }
        posts.sort(Comparator.comparing(p -> p.createdAt() == null ? Instant.MAX : p.createdAt()));
        return posts;
    }

    /**
     * Unique across feeds (two blogs may both number their entries from 1): the entry id with the feed's address
     * when the id is not an absolute address itself, hashed when it would be longer than a network id may be.
     */
    static String networkId(String feedUrl, String entryId) {
        String id = entryId.strip();
        String qualified = id.matches("(?i)(https?|urn|tag):.*") ? id : feedUrl + "#" + id;
        if (qualified.length() <= MAX_NETWORK_ID) {
            return qualified;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(qualified.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String html(SyndEntry entry) {
        StringBuilder html = new StringBuilder();
        if (entry.getTitle() != null && !entry.getTitle().isBlank()) {
            // Titles may carry markup or entities too: the ingest strips both.
            html.append("<p>").append(entry.getTitle().strip()).append("</p>");
        }
        SyndContent body = !entry.getContents().isEmpty() ? entry.getContents().get(0) : entry.getDescription();
        if (body != null && body.getValue() != null) {
            html.append("<p>").append(body.getValue()).append("</p>");
        }
        return html.toString();
    }

    private static InboundPost.Author author(SyndEntry entry, String source, String feedUrl) {
        for (SyndPerson person : entry.getAuthors()) {
            String handle = firstNonBlank(person.getName(), person.getEmail(), person.getUri());
            if (handle != null) {
                return new InboundPost.Author(null, handle.strip(), blankToNull(person.getName()), blankToNull(person.getUri()), blankToNull(person.getEmail()));
            }
        }
        String author = blankToNull(entry.getAuthor());
        if (author != null) {
            // RSS 2.0's <author> is "email (Name)"; Dublin Core's creator a name.
            Matcher m = EMAIL_AND_NAME.matcher(author);
            if (m.matches()) {
                String name = blankToNull(m.group(2));
                return new InboundPost.Author(null, name != null ? name : m.group(1), name, null, m.group(1));
            }
            return new InboundPost.Author(null, author.strip(), author.strip(), null, null);
        }
        return new InboundPost.Author(null, source, source, feedUrl, null);
    }

    String position(String etag, String lastModified) {
        ObjectNode position = json.createObjectNode();
        if (etag != null && etag.length() < MAX_POSITION / 2) {
            position.put("etag", etag);
        }
        if (lastModified != null && lastModified.length() < 100) {
            position.put("modified", lastModified);
        }
        return position.toString();
    }

    private JsonNode readPosition(String position) {
        if (position == null || position.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(position);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** Retry-After as seconds or as an HTTP date; five minutes when absent or unreadable. */
    static Instant retryAt(String retryAfter, Instant now) {
        if (retryAfter != null) {
            String value = retryAfter.strip();
            try {
                return now.plusSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException e) {
                try {
                    return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (DateTimeParseException ignored) {
                    // fall through to the default
                }
            }
        }
        return now.plus(DEFAULT_RETRY);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}
