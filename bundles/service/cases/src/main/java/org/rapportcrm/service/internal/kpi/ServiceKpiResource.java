package org.rapportcrm.service.internal.kpi;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code GET /api/v1/service/kpis?from=&to=[&queue=]}: the service KPIs of {@link ServiceKpis}, as the caller may read cases. */
@Component
public class ServiceKpiResource implements RestResource {
    private static final JsonSchema DATE = JsonSchema.string().format("date");
    private static final JsonSchema TIMES = JsonSchema.object().property("count", JsonSchema.integer())
            .property("average", JsonSchema.number().nullable()).property("p90", JsonSchema.integer().nullable());
    private final ServiceKpis kpis;

    @Activate
    public ServiceKpiResource(@Reference RecordService records) {
        this.kpis = new ServiceKpis(records);
    }

    @Override
    public String path() {
        return "service";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("kpis").summary("Service KPIs of a date range")
                .description("First-contact resolution, first-response and resolution times in business minutes (average and p90), "
                        + "SLA compliance of the cases resolved in the range, and the open backlog by queue and age. Rates are 0..1, "
                        + "null when there is nothing to divide by.")
                .queryParameter("from", DATE, true, "first day (UTC), inclusive")
                .queryParameter("to", DATE, true, "last day (UTC), inclusive")
                .queryParameter("queue", JsonSchema.string().maxLength(36), false, "id of one queue")
                .response(200, "The KPIs", JsonSchema.object().property("opened", JsonSchema.integer()).property("resolved", JsonSchema.integer())
                        .property("firstContactResolution", JsonSchema.number().nullable()).property("slaCompliance", JsonSchema.number().nullable())
                        .property("firstResponseMinutes", TIMES).property("resolutionMinutes", TIMES).property("backlog", JsonSchema.anyObject()))
                .handler(ex -> {
                    LocalDate from = date(ex.query("from"), "from");
                    LocalDate to = date(ex.query("to"), "to");
                    if (to.isBefore(from)) {
                        throw RestException.badRequest("to", "to must not be before from");
                    }
                    ex.send(200, kpis.kpis(ex.actor(), from, to, ex.query("queue"), Clock.systemUTC().instant()));
                }));
    }

    private static LocalDate date(String value, String name) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw RestException.badRequest(name, name + " must be a date such as 2026-12-31");
        }
    }
}
