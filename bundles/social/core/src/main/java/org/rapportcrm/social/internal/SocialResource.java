package org.rapportcrm.social.internal;

import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;

/**
 * {@code /api/v1/social}: the signed inbound webhook of webhook channels (public: the signature is the
 * authentication), and what the console needs to know of the installed networks.
 */
@Component
public class SocialResource implements RestResource {
    private static final JsonSchema RECEIPT = JsonSchema.object()
            .property("received", JsonSchema.integer().description("posts in the message"))
            .property("stored", JsonSchema.integer().description("posts not seen before, now stored"))
            .property("replay", JsonSchema.bool().description("true when this webhook-id was taken before: nothing was stored"));
    private static final JsonSchema NETWORKS = JsonSchema.array(JsonSchema.object()
            .property("network", JsonSchema.string()).property("replies", JsonSchema.bool().description("whether posts can be answered")));

    private static final JsonSchema COUNT = JsonSchema.integer().minimum(0);
    private static final JsonSchema TIMINGS = JsonSchema.object()
            .property("posts", COUNT.description("posts handed to the ingest by channels and webhooks"))
            .property("batches", COUNT.description("batches they came in (each one transaction)"))
            .property("micros", JsonSchema.object().description("microseconds spent per step: dedup, profiles, threads, language, sentiment, "
                    + "insert, rules, transaction (all of these, the channel's position and the commit), events (after the commit); cpu: the "
                    + "ingest's CPU time over all of them")
                    .openProperties());
    private static final JsonSchema INSIGHTS = JsonSchema.object()
            .property("from", JsonSchema.string().format("date")).property("to", JsonSchema.string().format("date"))
            .property("channel", JsonSchema.string().nullable()).property("posts", COUNT.description("inbound posts in the period"))
            .property("days", JsonSchema.array(JsonSchema.object().property("day", JsonSchema.string().format("date")).property("posts", COUNT)
                    .property("sentiment", JsonSchema.object().description("posts per sentiment: Positive, Neutral, Negative, Not scored")
                            .openProperties())))
            .property("topAuthors", JsonSchema.array(JsonSchema.object().property("author", JsonSchema.string()).property("posts", COUNT)))
            .property("shareOfVoice", JsonSchema.array(JsonSchema.object().property("keyword", JsonSchema.string()).property("posts", COUNT)
                    .property("share", JsonSchema.number().description("of the posts that mention a keyword, 0..1"))));

    private final InboundWebhooks inbound;
    private final ChannelListener listener;
    private final SocialInsights insights;
    private final PostIngest ingest;

    @Activate
    public SocialResource(@Reference InboundWebhooks inbound, @Reference ChannelListener listener, @Reference SocialInsights insights,
            @Reference PostIngest ingest) {
        this.inbound = inbound;
        this.listener = listener;
        this.insights = insights;
        this.ingest = ingest;
    }

    @Override
    public String path() {
        return "social";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                RestRoute.post("inbound/{channel}").publicAccess().summary("Receive posts pushed to a webhook channel, signed as Standard Webhooks says")
                        .description("No session or token: the message is authenticated by its signature. Headers: webhook-id (a unique message "
                                + "id; a message whose id was taken before stores nothing), webhook-timestamp (Unix seconds, at most 5 minutes "
                                + "from the server's clock), webhook-signature (v1,<base64 HMAC-SHA256 of \"id.timestamp.body\" keyed with the "
                                + "bytes of a channel secret after whsec_>; several, space-separated, during a rotation). Body (at most 1 MB): "
                                + "one post or an array of up to 1000: {\"id\", \"text\", \"author\": {\"handle\", \"name\", \"email\", \"url\"}, "
                                + "\"url\", \"createdAt\" (ISO-8601), \"inReplyTo\" (the id of a post it answers)}; id, text and author.handle "
                                + "are required.")
                        .pathParameter("channel", JsonSchema.string().maxLength(40), "the webhook channel's id")
                        .header(StandardWebhooks.ID_HEADER, JsonSchema.string().maxLength(200), true, "the message's unique id")
                        .header(StandardWebhooks.TIMESTAMP_HEADER, JsonSchema.string().maxLength(20), true, "when it was sent, Unix seconds")
                        .header(StandardWebhooks.SIGNATURE_HEADER, JsonSchema.string().maxLength(2000), true, "v1,<signature> ...")
                        .requestBody("application/json")
                        .response(200, "Taken: how many posts were new", RECEIPT)
                        .problem(401, "The signature, timestamp or a header is missing or wrong (the field names which)")
                        .problem(404, "No enabled webhook channel with this id")
                        .problem(413, "The body is larger than 1 MB")
                        .problem(422, "The body is not JSON posts; the fields that are wrong are named")
                        .handler(ex -> {
                            byte[] body;
                            try (InputStream in = ex.bodyStream(InboundWebhooks.MAX_BODY_BYTES)) {
                                body = in.readAllBytes();
                            }
                            ex.send(200, inbound.receive(ex.pathParameter("channel"), ex.header(StandardWebhooks.ID_HEADER),
                                    ex.header(StandardWebhooks.TIMESTAMP_HEADER), ex.header(StandardWebhooks.SIGNATURE_HEADER), body));
                        }),
                RestRoute.get("insights").summary("Listening figures: posts per day and sentiment, top authors, share of voice by keyword")
                        .description("Counted by the database over the inbound posts the caller may read, by the day they were posted (UTC). "
                                + "Share of voice: each post counts for the first keyword of its channel it mentions.")
                        .queryParameter("from", JsonSchema.string().format("date"), false, "first day; 29 days before to when left out")
                        .queryParameter("to", JsonSchema.string().format("date"), false, "last day; today (UTC) when left out")
                        .queryParameter("channel", JsonSchema.string().maxLength(40), false, "one channel's id; all channels when left out")
                        .response(200, "The figures", INSIGHTS)
                        .problem(400, "A date is not a date, from is after to, or the period is longer than 366 days")
                        .problem(404, "No such channel, or the caller may not read it")
                        .handler(ex -> ex.send(200, insights.insights(ex.actor(), ex.query("from"), ex.query("to"), ex.query("channel")))),
                RestRoute.get("ingest-timings").summary("Where this node's ingest spent its time since it started, per step (administrators)")
                        .description("Sums over every batch; read it before and after a burst and subtract. For finding the slow step.")
                        .response(200, "The sums", TIMINGS)
                        .problem(403, "The caller is no administrator")
                        .handler(ex -> {
                            if (!ex.actor().isAdmin()) {
                                throw new RestException(403, null, "Only administrators see the ingest's timings");
                            }
                            ex.send(200, ingest.timings());
                        }),
                RestRoute.get("networks").summary("The social networks whose adapters are installed, and whether their posts can be answered")
                        .response(200, "One entry per network", NETWORKS)
                        .handler(ex -> ex.send(200, listener.adapters().stream().sorted(Comparator.comparing(a -> a.network()))
                                .map(a -> Map.of("network", a.network(), "replies", a.supportsReplies())).toList())));
    }
}
