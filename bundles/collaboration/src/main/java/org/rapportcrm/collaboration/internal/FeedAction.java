package org.rapportcrm.collaboration.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code /api/v1/{plural}/{id}/feed} on every record type: the feed, posts, comments and following. */
@Component(service = RecordAction.class)
public class FeedAction implements RecordAction {
    static final JsonSchema TEXT = JsonSchema.string().minLength(1).maxLength(FeedService.MAX_TEXT)
            .description("the text; mention with @[Name](user:<id>) or @[Team](team:<id>)");
    private static final JsonSchema POST_ID = JsonSchema.string().pattern("^[0-9]{1,19}$");
    private static final JsonSchema NOT_NOTIFIED = JsonSchema.array(JsonSchema.object().openProperties()
            .property("kind", JsonSchema.string()).property("id", JsonSchema.string()).property("name", JsonSchema.string())
            .property("reason", JsonSchema.string()))
            .description("people the text mentions who were not told, because they may not read the record");
    static final JsonSchema ENTRY = JsonSchema.object().openProperties()
            .property("type", JsonSchema.string().enumValues("post", "comment", "change"))
            .property("id", JsonSchema.string()).property("at", JsonSchema.string().format("date-time"))
            .description("a post (with its comments) or a change from the record's history");
    private static final JsonSchema WRITTEN = JsonSchema.object().openProperties()
            .property("id", JsonSchema.string()).property("text", JsonSchema.string()).property("notNotified", NOT_NOTIFIED);
    private static final JsonSchema FEED = JsonSchema.object()
            .property("items", JsonSchema.array(ENTRY))
            .property("nextCursor", JsonSchema.string().nullable())
            .property("following", JsonSchema.bool().description("whether the caller follows the record"))
            .required("items", "nextCursor", "following");

    private final FeedService feeds;

    @Activate
    public FeedAction(@Reference FeedService feeds) {
        this.feeds = feeds;
    }

    @Override
    public String recordType() {
        return EVERY_TYPE;
    }

    @Override
    public String name() {
        return "feed";
    }

    @Override
    public List<RestRoute> routes() {
        JsonSchema textBody = JsonSchema.object().property("text", TEXT).required("text");
        return List.of(
                RestRoute.get("").summary("The record's activity feed, newest first")
                        .description("Posts with their comments, and the record's changes (fields the caller may not read are left out)")
                        .queryParameter("cursor", JsonSchema.string().pattern(FeedService.CURSOR), false, "nextCursor of the previous page")
                        .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(100), false, "entries per page (20)")
                        .response(200, "A page of the feed", FEED)
                        .handler(ex -> ex.send(200, feeds.feed(ex.actor(), type(ex), ex.pathParameter("id"), ex.query("cursor"),
                                limit(ex.query("limit"))))),
                RestRoute.post("").summary("Post on the record").requestBody(textBody)
                        .response(201, "The post, and whom its mentions could not tell", WRITTEN)
                        .handler(ex -> ex.send(201, feeds.post(ex.actor(), type(ex), ex.pathParameter("id"), (String) ex.body().get("text")))),
                RestRoute.post("posts/{postId}/comments").summary("Comment on a post").requestBody(textBody)
                        .pathParameter("postId", POST_ID, "id of the post")
                        .response(201, "The comment, and whom its mentions could not tell", WRITTEN)
                        .handler(ex -> ex.send(201, feeds.comment(ex.actor(), type(ex), ex.pathParameter("id"), postId(ex),
                                (String) ex.body().get("text")))),
                RestRoute.patch("posts/{postId}").summary("Change one's own post or comment").requestBody(textBody)
                        .pathParameter("postId", POST_ID, "id of the post or comment")
                        .response(200, "The post as it is now", WRITTEN).problem(403, "Not the author")
                        .handler(ex -> ex.send(200, feeds.edit(ex.actor(), type(ex), ex.pathParameter("id"), postId(ex),
                                (String) ex.body().get("text")))),
                RestRoute.delete("posts/{postId}").summary("Delete one's own post (with its comments) or comment")
                        .pathParameter("postId", POST_ID, "id of the post or comment")
                        .response(204, "Deleted").problem(403, "Neither the author nor an administrator")
                        .handler(ex -> {
                            feeds.delete(ex.actor(), type(ex), ex.pathParameter("id"), postId(ex));
                            ex.noContent();
                        }),
                RestRoute.post("followers/me").summary("Follow the record: hear of its new posts")
                        .response(204, "Following")
                        .handler(ex -> {
                            feeds.follow(ex.actor(), type(ex), ex.pathParameter("id"), true);
                            ex.noContent();
                        }),
                RestRoute.delete("followers/me").summary("Stop following the record (also as its owner)")
                        .response(204, "Not following")
                        .handler(ex -> {
                            feeds.follow(ex.actor(), type(ex), ex.pathParameter("id"), false);
                            ex.noContent();
                        }));
    }

    /** The record type of the request, from the path the platform routed by. */
    private static String type(org.rapportcrm.platform.api.rest.RestExchange ex) {
        return ex.pathParameter(RECORD_TYPE_PARAMETER);
    }

    private static long postId(org.rapportcrm.platform.api.rest.RestExchange ex) {
        return Long.parseLong(ex.pathParameter("postId"));
    }

    static int limit(String limit) {
        return limit == null ? 20 : Integer.parseInt(limit);
    }
}
