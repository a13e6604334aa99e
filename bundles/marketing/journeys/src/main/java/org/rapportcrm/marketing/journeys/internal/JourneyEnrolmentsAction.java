package org.rapportcrm.marketing.journeys.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code POST /api/v1/journeys/{id}/enrolments/{enrolmentId}/advance}: moves a contact on now, past the wait it is in
 * (the reminder goes today, not in two days).
 */
@Component
public class JourneyEnrolmentsAction implements RecordAction {
    private final JourneyEngine engine;

    @Activate
    public JourneyEnrolmentsAction(@Reference JourneyEngine engine) {
        this.engine = engine;
    }

    @Override
    public String recordType() {
        return JourneyTypes.JOURNEY;
    }

    @Override
    public String name() {
        return "enrolments";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("{enrolmentId}/advance").summary("Take the contact's next step now instead of at its due time")
                .pathParameter("enrolmentId", JsonSchema.string().maxLength(36), "id of the enrolment (GET /contacts/{id}/journeys)")
                .response(200, "The enrolment after the steps it took: {id, journey, contact, state, step, dueAt, enteredAt, endedAt, endReason}",
                        JsonSchema.anyObject())
                .problem(409, "The journey is not active, or the contact has left it")
                .handler(ex -> ex.send(200, JourneyReports.enrolment(engine.advanceNow(ex.actor(), ex.pathParameter("id"),
                        ex.pathParameter("enrolmentId"))))));
    }
}
