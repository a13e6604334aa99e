package org.rapportcrm.marketing.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.record.RecordService;

/**
 * {@code /api/v1/segments/{id}/members}: who is in a segment (a page by contact id) and its entries and exits; for a
 * static list, adding contacts (ids, e-mails, a list filter, a CSV) and removing them. Reading needs the right to
 * read the segment; changing a list, the right to edit it.
 */
@Component
public class SegmentMembersAction implements RecordAction {
    private static final JsonSchema IDS = JsonSchema.array(JsonSchema.string().maxLength(36)).maxItems(10_000);
    private static final JsonSchema ADDED = JsonSchema.object().property("added", JsonSchema.integer())
            .property("unmatched", JsonSchema.array(JsonSchema.string()));
    private static final JsonSchema LIMIT = JsonSchema.integer().minimum(1).maximum(1000);
    private final RecordService records;
    private final SegmentMembership membership;
    private final StaticLists lists;

    @Activate
    public SegmentMembersAction(@Reference RecordService records, @Reference SegmentMembership membership, @Reference StaticLists lists) {
        this.records = records;
        this.membership = membership;
        this.lists = lists;
    }

    @Override
    public String recordType() {
        return Marketing.SEGMENT;
    }

    @Override
    public String name() {
        return "members";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                RestRoute.get("").summary("The segment's members")
                        .queryParameter("after", JsonSchema.string().maxLength(36), false, "the last contact id of the previous page")
                        .queryParameter("limit", LIMIT, false, "page size (default 50)")
                        .response(200, "A page of members by contact id, with the total", JsonSchema.object().property("count", JsonSchema.integer())
                                .property("items", JsonSchema.array(JsonSchema.anyObject())).property("nextCursor", JsonSchema.string().nullable()))
                        .handler(this::members),
                RestRoute.get("history").summary("The segment's entries and exits, newest first")
                        .queryParameter("before", JsonSchema.integer().minimum(1), false, "the last event id of the previous page")
                        .queryParameter("limit", LIMIT, false, "page size (default 50)")
                        .response(200, "A page of entries and exits", JsonSchema.object().property("items", JsonSchema.array(JsonSchema.anyObject())))
                        .handler(this::history),
                RestRoute.post("").summary("Add contacts to a static list")
                        .description("By contact id, by e-mail, or every contact the caller may read that matches a list filter.")
                        .requestBody(JsonSchema.object().property("contactIds", IDS).property("emails", JsonSchema.array(JsonSchema.string().maxLength(320)).maxItems(10_000))
                                .property("filter", SegmentsResource.FILTER))
                        .response(200, "How many entered, and what named no contact", ADDED)
                        .problem(409, "The segment is dynamic")
                        .handler(this::add),
                RestRoute.post("csv").summary("Add the contacts a CSV names to a static list")
                        .description("One e-mail or contact id per row, or a header row with an email or id column.")
                        .requestBody("text/csv", "text/plain")
                        .response(200, "How many entered, and what named no contact", ADDED)
                        .problem(409, "The segment is dynamic")
                        .handler(ex -> send(ex, lists.addCsv(ex.actor(), ex.pathParameter("id"), ex.bodyStream(10L * 1024 * 1024)))),
                RestRoute.post("remove").summary("Remove contacts from a static list")
                        .requestBody(JsonSchema.object().property("contactIds", IDS).required("contactIds"))
                        .response(200, "How many left", JsonSchema.object().property("removed", JsonSchema.integer()))
                        .problem(409, "The segment is dynamic")
                        .handler(ex -> ex.send(200, Map.of("removed", lists.remove(ex.actor(), ex.pathParameter("id"), strings(ex.body().get("contactIds")))))));
    }

    private void members(RestExchange ex) throws java.io.IOException {
        String segmentId = readable(ex);
        int limit = ex.query("limit") == null ? 50 : Integer.parseInt(ex.query("limit"));
        List<SegmentMembership.Member> page = membership.members(segmentId, ex.query("after"), limit);
        List<Map<String, Object>> items = new ArrayList<>();
        for (SegmentMembership.Member m : page) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("contactId", m.contactId());
            item.put("since", m.since().toString());
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", membership.count(segmentId));
        body.put("items", items);
        body.put("nextCursor", page.size() == limit ? page.get(page.size() - 1).contactId() : null);
        ex.send(200, body);
    }

    private void history(RestExchange ex) throws java.io.IOException {
        String segmentId = readable(ex);
        int limit = ex.query("limit") == null ? 50 : Integer.parseInt(ex.query("limit"));
        Long before = ex.query("before") == null ? null : Long.valueOf(ex.query("before"));
        ex.send(200, Map.of("items", membership.history(segmentId, before, limit).stream().map(e -> Map.of("id", e.id(),
                "contactId", e.contactId(), "event", e.entered() ? "entered" : "exited", "at", e.at().toString())).toList()));
    }

    private void add(RestExchange ex) throws java.io.IOException {
        Map<String, Object> body = ex.body();
        String segmentId = ex.pathParameter("id");
        if (body.get("filter") != null) {
            send(ex, lists.addMatching(ex.actor(), segmentId, (String) body.get("filter")));
        } else if (body.get("contactIds") == null && body.get("emails") == null) {
            throw RestException.badRequest("contactIds", "contactIds, emails or filter is required");
        } else {
            send(ex, lists.add(ex.actor(), segmentId, strings(body.get("contactIds")), strings(body.get("emails"))));
        }
    }

    private static void send(RestExchange ex, StaticLists.Added added) throws java.io.IOException {
        ex.send(200, Map.of("added", added.added(), "unmatched", added.unmatched()));
    }

    /** Checks the segment exists and the caller may read it (404 or 403 otherwise). */
    private String readable(RestExchange ex) {
        return records.get(ex.actor(), Marketing.SEGMENT, ex.pathParameter("id")).getId();
    }

    private static List<String> strings(Object list) {
        return list == null ? List.of() : ((List<?>) list).stream().map(String::valueOf).toList();
    }
}
