package org.rapportcrm.marketing.journeys.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code GET /api/v1/contacts/{id}/journeys}: the contact's journeys, where it is or how it left, and the steps it took. */
@Component
public class ContactJourneysAction implements RecordAction {
    private final JourneyReports reports;

    @Activate
    public ContactJourneysAction(@Reference JourneyReports reports) {
        this.reports = reports;
    }

    @Override
    public String recordType() {
        return JourneyEngine.CONTACT;
    }

    @Override
    public String name() {
        return "journeys";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("The contact's journeys: current step or how it ended, and the steps taken with their times")
                .response(200, "{items: [{id, journey, journeyName, state, step, dueAt, enteredAt, endedAt, endReason, history}]}",
                        JsonSchema.anyObject())
                .handler(ex -> ex.send(200, Map.of("items", reports.ofContact(ex.actor(), ex.pathParameter("id"))))));
    }
}
