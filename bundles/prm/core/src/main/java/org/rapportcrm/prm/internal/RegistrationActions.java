package org.rapportcrm.prm.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.prm.api.Partners;

/**
 * {@code POST /api/v1/dealRegistrations/{id}/approval} and {@code .../rejection}: the channel manager's decisions
 * (permission {@code approveDealRegistrations}).
 */
public final class RegistrationActions {
    private static final JsonSchema REASON = JsonSchema.string().maxLength(4000).pattern(FieldFormats.MULTI_LINE);

    private RegistrationActions() {
    }

    @Component(service = RecordAction.class)
    public static class Approval implements RecordAction {
        private final RegistrationDecisions decisions;

        @Activate
        public Approval(@Reference RegistrationDecisions decisions) {
            this.decisions = decisions;
        }

        @Override
        public String recordType() {
            return Partners.REGISTRATION;
        }

        @Override
        public String name() {
            return "approval";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Approve a submitted deal registration (needs approveDealRegistrations)")
                    .description("Links the registration to the named open opportunity, or to a new one for the end customer's "
                            + "account (found by name or made), and protects it for the partner: the opportunity is shared with "
                            + "the partner and carries the tier's discount and the date the protection ends.")
                    .requestBody(JsonSchema.object().property("reason", REASON.nullable())
                            .property("opportunityId", JsonSchema.string().pattern(FieldFormats.ID).nullable()
                                    .description("an existing open opportunity; null to create one")))
                    .response(200, "The approved registration", JsonSchema.record(Partners.REGISTRATION))
                    .problem(422, "The registration was decided already (field status), or the opportunity is closed or protected "
                            + "for another partner (field opportunityId)")
                    .handler(ex -> ex.send(200, decisions.approve(ex.actor(), ex.pathParameter("id"), text(ex.body(), "reason"),
                            text(ex.body(), "opportunityId")))));
        }
    }

    @Component(service = RecordAction.class)
    public static class Rejection implements RecordAction {
        private final RegistrationDecisions decisions;

        @Activate
        public Rejection(@Reference RegistrationDecisions decisions) {
            this.decisions = decisions;
        }

        @Override
        public String recordType() {
            return Partners.REGISTRATION;
        }

        @Override
        public String name() {
            return "rejection";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Reject a submitted deal registration with a reason (needs approveDealRegistrations)")
                    .requestBody(JsonSchema.object().property("reason", REASON.minLength(1)).required("reason"))
                    .response(200, "The rejected registration", JsonSchema.record(Partners.REGISTRATION))
                    .problem(422, "The registration was decided already (field status), or the reason is empty (field reason)")
                    .handler(ex -> ex.send(200, decisions.reject(ex.actor(), ex.pathParameter("id"), text(ex.body(), "reason")))));
        }
    }

    /** The schema has checked the type already. */
    private static String text(Map<String, Object> body, String key) {
        return body == null ? null : (String) body.get(key);
    }
}
