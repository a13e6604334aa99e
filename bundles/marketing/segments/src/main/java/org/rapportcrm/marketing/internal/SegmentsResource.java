package org.rapportcrm.marketing.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code POST /api/v1/marketing/segment-preview}: the segment builder's live count (a path of its own: the segments'
 * plural belongs to the generic record endpoints); {@code GET /api/v1/marketing/segment-upkeep}: what the live upkeep
 * costs per change.
 */
@Component
public class SegmentsResource implements RestResource {
    static final JsonSchema FILTER = JsonSchema.string().maxLength(MarketingTypes.FILTER_LENGTH).nullable();
    private static final JsonSchema MILLIS = JsonSchema.number().nullable();
    private final SegmentPreview preview;
    private final UpkeepTimes upkeep;

    @Activate
    public SegmentsResource(@Reference SegmentPreview preview, @Reference UpkeepTimes upkeep) {
        this.preview = preview;
        this.upkeep = upkeep;
    }

    @Override
    public String path() {
        return "marketing";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("segment-preview").summary("Count the contacts a segment definition matches")
                .description("How many contacts the caller may read match the contact filter and, if given, whose account matches the "
                        + "account filter (both in the lists' filter language), with a sample of ten. Nothing is saved.")
                .requestBody(JsonSchema.object().property("filter", FILTER).property("accountFilter", FILTER))
                .response(200, "The count and a sample", JsonSchema.object().property("count", JsonSchema.integer())
                        .property("sample", JsonSchema.array(JsonSchema.record("contact"))))
                .handler(ex -> {
                    SegmentPreview.Preview p = preview.preview(ex.actor(), (String) ex.body().get("filter"), (String) ex.body().get("accountFilter"));
                    ex.send(200, java.util.Map.of("count", p.count(), "sample", p.sample()));
                }),
                RestRoute.get("segment-upkeep").summary("What keeping dynamic segments current cost this node per contact change (administrators)")
                        .description("Over the latest " + UpkeepTimes.CAPACITY + " changes of contacts: testing each against every dynamic "
                                + "segment and writing its entries and exits. Null figures before the first change.")
                        .response(200, "The figures", JsonSchema.object()
                                .property("changes", JsonSchema.integer().description("contact changes since this node started"))
                                .property("latest", JsonSchema.integer().description("how many of the latest the figures cover"))
                                .property("p50Millis", MILLIS).property("p95Millis", MILLIS).property("maxMillis", MILLIS))
                        .problem(403, "The caller is no administrator")
                        .handler(ex -> {
                            if (!ex.actor().isAdmin()) {
                                throw new RestException(403, null, "Only administrators see the segments' upkeep");
                            }
                            ex.send(200, upkeep.summary());
                        }));
    }
}
