package org.rapportcrm.collaboration.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code GET /api/v1/following}: the records the caller chose to follow (records they own they follow unless they unfollow). */
@Component
public class FollowingResource implements RestResource {
    private final FeedService feeds;

    @Activate
    public FollowingResource(@Reference FeedService feeds) {
        this.feeds = feeds;
    }

    @Override
    public String path() {
        return "following";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("Records I follow")
                .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(500), false, "at most (100)")
                .response(200, "Newest follow first", JsonSchema.object().property("items", JsonSchema.array(JsonSchema.object()
                        .property("recordType", JsonSchema.string()).property("recordId", JsonSchema.string())
                        .property("name", JsonSchema.string()).property("since", JsonSchema.string().format("date-time"))))
                        .required("items"))
                .handler(ex -> ex.send(200, Map.of("items", feeds.followed(ex.actor(),
                        ex.query("limit") == null ? 100 : Integer.parseInt(ex.query("limit")))))));
    }
}
