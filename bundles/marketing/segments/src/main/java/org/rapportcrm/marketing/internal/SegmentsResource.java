package org.rapportcrm.marketing.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code POST /api/v1/marketing/segment-preview}: the segment builder's live count (a path of its own: the segments'
 * plural belongs to the generic record endpoints).
 */
@Component
public class SegmentsResource implements RestResource {
    static final JsonSchema FILTER = JsonSchema.string().maxLength(MarketingTypes.FILTER_LENGTH).nullable();
    private final SegmentPreview preview;

    @Activate
    public SegmentsResource(@Reference SegmentPreview preview) {
        this.preview = preview;
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
                }));
    }
}
