package ${package}.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.security.Actor;

/**
 * {@code GET /api/v1/${recordType.toLowerCase()}-summary[?contact=<id>]}: how many ${recordType}s there are in each
 * status and how many open ones are escalated, counted as the caller (so they see only what they may read). The
 * platform signs the caller in and turns exceptions into problem details; the generic record endpoints
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
    public void handle(RestExchange ex) throws IOException {
        if (!ex.method().equals("GET") || !ex.pathSegments().isEmpty()) {
            throw RestException.notFound("No endpoint " + ex.method() + " /api/v1/" + PATH + "/" + String.join("/", ex.pathSegments())
                    + " (there is GET /api/v1/" + PATH + "?contact=<id>)");
        }
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
