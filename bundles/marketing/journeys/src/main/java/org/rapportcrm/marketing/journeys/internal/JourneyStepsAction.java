package org.rapportcrm.marketing.journeys.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code GET /api/v1/journeys/{id}/steps}: each step with how many contacts are at it now and how many passed it. */
@Component
public class JourneyStepsAction implements RecordAction {
    private final JourneyReports reports;

    @Activate
    public JourneyStepsAction(@Reference JourneyReports reports) {
        this.reports = reports;
    }

    @Override
    public String recordType() {
        return JourneyTypes.JOURNEY;
    }

    @Override
    public String name() {
        return "steps";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("The journey's steps with how many contacts are at each and how many passed it")
                .response(200, "{journey, status, steps: [{id, type, at, passed}]}", JsonSchema.anyObject())
                .handler(ex -> ex.send(200, reports.steps(ex.actor(), ex.pathParameter("id")))));
    }
}
