package ${package}.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.Actor;

/**
 * {@code GET /api/v1/${recordType.toLowerCase()}-summary[?contact=<id>]}: how many ${recordType}s there are in each
 * status and how many open ones are escalated, counted as the caller (so they see only what they may read). The
 * platform signs the caller in, checks the declared parameters, documents the route in /api/v1/openapi.json and
 * turns exceptions into problem details; the generic record endpoints
 * ({@code /api/v1/${recordType}s}) already serve the records themselves.
 */
@Component
public class ${recordTypeClass}SummaryResource implements RestResource {
    static final String PATH = "${recordType.toLowerCase()}-summary";
    private final RecordService records;

    @Activate
    public ${recordTypeClass}SummaryResource(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("${recordType}s by status, and the open ones escalated")
                .queryParameter("contact", JsonSchema.string().maxLength(36), false, "count only this contact's ${recordType}s")
                .response(200, "The counts", JsonSchema.object().openProperties()
                        .property("contact", JsonSchema.string().nullable())
                        .property("total", JsonSchema.integer().minimum(0))
                        .property("byStatus", JsonSchema.anyObject().description("status to count"))
                        .property("escalated", JsonSchema.integer().minimum(0))
                        .required("contact", "total", "byStatus", "escalated"))
                .handler(this::summary));
    }

    private void summary(RestExchange ex) throws IOException {
        String contact = ex.query("contact");
        Actor actor = ex.actor();
        Map<String, Object> byStatus = new LinkedHashMap<>();
        long total = 0;
        for (String status : ${recordTypeClass}Types.STATUSES) {
            long n = records.count(actor, ${recordTypeClass}Types.TYPE, scoped(contact, Filter.eq("status", status)));
            byStatus.put(status, n);
            total += n;
        }
        long escalated = records.count(actor, ${recordTypeClass}Types.TYPE,
                scoped(contact, Filter.and(Filter.eq("escalated", true), Filter.ne("status", ${recordTypeClass}Rules.CLOSED))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contact", contact);
        body.put("total", total);
        body.put("byStatus", byStatus);
        body.put("escalated", escalated);
        ex.send(200, body);
    }

    private static Filter scoped(String contact, Filter filter) {
        return contact == null || contact.isBlank() ? filter : Filter.and(Filter.eq("contact", contact), filter);
    }
}
