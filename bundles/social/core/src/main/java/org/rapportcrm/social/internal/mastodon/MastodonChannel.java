package org.rapportcrm.social.internal.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.social.api.ChannelSettings;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.ListenContext;
import org.rapportcrm.social.api.RateLimitedException;
import org.rapportcrm.social.api.SocialChannel;

/**
 * Mastodon, over its REST and streaming APIs with the JDK's HTTP client (spikes/social.md): mentions arrive on the
 * {@code user/notification} server-sent event stream; the stream has no replay, so after every (re)connect the
 * adapter first waits for the stream's first line (the server has subscribed it by then), then pages forward from its
 * position with {@code min_id} until nothing is left, then reads the stream. Positions are notification ids (digit
 * strings, compared as numbers). Replies go out as statuses with {@code in_reply_to_id} and an {@code Idempotency-Key}.
 */
@Component(service = SocialChannel.class)
public class MastodonChannel implements SocialChannel {
    static final String NETWORK = "mastodon";
    private static final int PAGE = 80;
    private static final int FIRST_RUN_PAGE = 40;
    private static final int STREAM_BATCH = 200;
    private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String network() {
        return NETWORK;
    }

    @Override
    public void listen(ChannelSettings settings, ListenContext context) throws Exception {
        String position = context.position();
        while (!context.stopRequested()) {
            HttpResponse<InputStream> response = http.send(request(settings, "/api/v1/streaming/user/notification").header("Accept", "text/event-stream")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                context.closeOnStop(body);
                check(response, body);
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                if (lines.readLine() == null) {
                    continue; // dropped before it began: connect again
                }
                position = backfill(settings, context, position);
                ServerSentEvents events = new ServerSentEvents();
                List<InboundPost> batch = new ArrayList<>();
                String batchPosition = position;
                for (String line = lines.readLine(); line != null && !context.stopRequested(); line = lines.readLine()) {
                    ServerSentEvents.Event event = events.line(line);
                    if (event != null && "notification".equals(event.name())) {
                        JsonNode notification = json.readTree(event.data());
                        String id = notification.path("id").asText();
                        if ("mention".equals(notification.path("type").asText()) && isNewer(id, batchPosition)) {
                            batch.add(post(notification));
                            batchPosition = id;
                        }
                    }
                    // What the stream has already delivered is stored in one transaction: a burst costs one commit per batch.
                    if (!batch.isEmpty() && (!lines.ready() || batch.size() >= STREAM_BATCH)) {
                        context.accept(List.copyOf(batch), batchPosition);
                        position = batchPosition;
                        batch.clear();
                    }
                }
            }
        }
    }

    /** Every mention after {@code position}, oldest first, page by page; on the first run only the latest page. */
    String backfill(ChannelSettings settings, ListenContext context, String position) throws IOException, InterruptedException {
        if (position == null) {
            List<JsonNode> latest = notifications(settings, "limit=" + FIRST_RUN_PAGE);
            if (latest.isEmpty()) {
                context.accept(List.of(), "0");
                return "0";
            }
            return acceptPage(context, latest);
        }
        String at = position;
        while (true) {
            List<JsonNode> page = notifications(settings, "min_id=" + URLEncoder.encode(at, StandardCharsets.UTF_8) + "&limit=" + PAGE);
            page.removeIf(n -> !isNewer(n.path("id").asText(), position));
            if (page.isEmpty()) {
                return at;
            }
            at = acceptPage(context, page);
        }
    }

    private String acceptPage(ListenContext context, List<JsonNode> page) {
        List<JsonNode> oldestFirst = new ArrayList<>(page);
        oldestFirst.sort(Comparator.comparing(n -> new BigInteger(n.path("id").asText("0"))));
        List<InboundPost> posts = oldestFirst.stream().filter(n -> n.hasNonNull("status")).map(MastodonChannel::post).toList();
        String newest = oldestFirst.get(oldestFirst.size() - 1).path("id").asText();
        context.accept(posts, newest);
        return newest;
    }

    private List<JsonNode> notifications(ChannelSettings settings, String query) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(settings, "/api/v1/notifications?types%5B%5D=mention&" + query).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            check(response, body);
            List<JsonNode> items = new ArrayList<>();
            json.readTree(body).forEach(items::add);
            return items;
        }
    }

    @Override
    public InboundPost reply(ChannelSettings settings, String inReplyToNetworkId, String text, String idempotencyKey) throws IOException {
        try {
            byte[] body = json.writeValueAsBytes(Map.of("status", text, "in_reply_to_id", inReplyToNetworkId, "visibility", "public"));
            HttpResponse<InputStream> response = http.send(request(settings, "/api/v1/statuses").header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                check(response, in);
                return status(json.readTree(in));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while replying", e);
        }
    }

    private HttpRequest.Builder request(ChannelSettings settings, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (path.contains("/streaming/")) {
            b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path)); // a stream has no overall timeout
        }
        return settings.accessToken() == null ? b : b.header("Authorization", "Bearer " + settings.accessToken());
    }

    /** 2xx passes; 429 is a rate limit until X-RateLimit-Reset; anything else fails with Mastodon's error text. */
    private void check(HttpResponse<?> response, InputStream body) throws IOException {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        if (status == 429) {
            throw new RateLimitedException(resetTime(response.headers().firstValue("X-RateLimit-Reset").orElse(null)));
        }
        String error;
        try {
            error = json.readTree(body).path("error").asText("");
        } catch (IOException e) {
            error = "";
        }
        throw new IOException("Mastodon answered " + status + (error.isEmpty() ? "" : ": " + error));
    }

    static Instant resetTime(String header) {
        if (header != null) {
            try {
                return Instant.parse(header);
            } catch (DateTimeParseException e) {
                // Mastodon sends an ISO 8601 time; anything else: the default wait
            }
        }
        return Instant.now().plus(DEFAULT_RATE_LIMIT_WAIT);
    }

    /** Whether notification id {@code id} comes after {@code position} (ids are digit strings of any length). */
    static boolean isNewer(String id, String position) {
        if (position == null) {
            return true;
        }
        try {
            return new BigInteger(id).compareTo(new BigInteger(position)) > 0;
        } catch (NumberFormatException e) {
            return id.compareTo(position) > 0;
        }
    }

    static InboundPost post(JsonNode notification) {
        return status(notification.path("status"));
    }

    static InboundPost status(JsonNode status) {
        JsonNode account = status.path("account");
        String reply = status.path("in_reply_to_id").isTextual() ? status.path("in_reply_to_id").asText() : null;
        Instant created;
        try {
            created = Instant.parse(status.path("created_at").asText());
        } catch (DateTimeParseException e) {
            created = Instant.now();
        }
        return new InboundPost(status.path("id").asText(), reply, created, status.path("content").asText(""),
                status.path("url").isTextual() ? status.path("url").asText() : null,
                status.path("language").isTextual() ? status.path("language").asText() : null,
                new InboundPost.Author(account.path("id").asText(null), account.path("acct").asText(), account.path("display_name").asText(null),
                        account.path("url").asText(null), emailIn(account)));
    }

    /** An e-mail address the account shows in its profile fields, if any. */
    private static String emailIn(JsonNode account) {
        for (JsonNode field : account.path("fields")) {
            Matcher m = EMAIL.matcher(field.path("value").asText("").replaceAll("<[^>]*>", ""));
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }
}
