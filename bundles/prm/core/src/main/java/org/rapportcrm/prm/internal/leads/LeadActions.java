package org.rapportcrm.prm.internal.leads;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * The REST face of lead distribution: {@code POST /api/v1/leads/{id}/distribute} (channel managers), and on an offer
 * {@code .../acceptance} and {@code .../rejection} (the partner it was made to) and {@code .../reroute} (channel managers).
 */
public final class LeadActions {
    private static final JsonSchema REASON = JsonSchema.string().maxLength(4000).pattern(FieldFormats.MULTI_LINE);

    private LeadActions() {
    }

    @Component(service = RecordAction.class)
    public static class Distribute implements RecordAction {
        private final LeadDistribution distribution;

        @Activate
        public Distribute(@Reference LeadDistribution distribution) {
            this.distribution = distribution;
        }

        @Override
        public String recordType() {
            return "lead";
        }

        @Override
        public String name() {
            return "distribute";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Offer the lead to the best partner (needs approveDealRegistrations)")
                    .description("Chooses among partners covering the lead's country, with room under their capacity and not offered "
                            + "the lead before, by tier rank, acceptance and conversion rates and load; the offer records the score "
                            + "and why. The partner answers within its tier's acceptance hours, else the offer is recalled and the lead "
                            + "offered to the next partner.")
                    .response(200, "The offer made", JsonSchema.record(LeadOffers.TYPE))
                    .problem(409, "The lead is offered to or held by a partner already (field lead or partnerAccount)")
                    .problem(422, "The lead is closed (field status), or no partner covers its country with room (field country)")
                    .handler(ex -> ex.send(200, distribution.distribute(ex.actor(), ex.pathParameter("id")))));
        }
    }

    @Component(service = RecordAction.class)
    public static class Acceptance implements RecordAction {
        private final LeadDistribution distribution;

        @Activate
        public Acceptance(@Reference LeadDistribution distribution) {
            this.distribution = distribution;
        }

        @Override
        public String recordType() {
            return LeadOffers.TYPE;
        }

        @Override
        public String name() {
            return "acceptance";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Accept a lead offered to your company (partner users)")
                    .description("The lead is given to the partner's account: its users then read it and update its status.")
                    .response(200, "The accepted offer", JsonSchema.record(LeadOffers.TYPE))
                    .problem(409, "The offer was answered or recalled already (field status), or its time ran out (field respondBy)")
                    .handler(ex -> ex.send(200, distribution.accept(ex.actor(), ex.pathParameter("id")))));
        }
    }

    @Component(service = RecordAction.class)
    public static class Rejection implements RecordAction {
        private final LeadDistribution distribution;

        @Activate
        public Rejection(@Reference LeadDistribution distribution) {
            this.distribution = distribution;
        }

        @Override
        public String recordType() {
            return LeadOffers.TYPE;
        }

        @Override
        public String name() {
            return "rejection";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Reject a lead offered to your company, with a reason (partner users)")
                    .description("The lead is offered to the next best partner, or stays with its owner when none is left.")
                    .requestBody(JsonSchema.object().property("reason", REASON.minLength(1)).required("reason"))
                    .response(200, "The rejected offer", JsonSchema.record(LeadOffers.TYPE))
                    .problem(409, "The offer was answered or recalled already (field status), or its time ran out (field respondBy)")
                    .problem(422, "The reason is empty (field reason)")
                    .handler(ex -> ex.send(200, distribution.reject(ex.actor(), ex.pathParameter("id"), text(ex.body(), "reason")))));
        }
    }

    @Component(service = RecordAction.class)
    public static class Reroute implements RecordAction {
        private final LeadDistribution distribution;

        @Activate
        public Reroute(@Reference LeadDistribution distribution) {
            this.distribution = distribution;
        }

        @Override
        public String recordType() {
            return LeadOffers.TYPE;
        }

        @Override
        public String name() {
            return "reroute";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Recall an offer, waiting or accepted, and offer the lead to the next partner "
                    + "(needs approveDealRegistrations)")
                    .requestBody(JsonSchema.object().property("reason", REASON.nullable()))
                    .response(200, "The recalled offer and the new one (null when no partner is left and the lead stays with its owner)",
                            JsonSchema.object().property("recalled", JsonSchema.record(LeadOffers.TYPE))
                                    .property("offer", JsonSchema.record(LeadOffers.TYPE).nullable()).required("recalled", "offer"))
                    .problem(409, "The offer was rejected or recalled already (field status)")
                    .handler(ex -> ex.send(200, distribution.recall(ex.actor(), ex.pathParameter("id"), text(ex.body(), "reason")))));
        }
    }

    /** The schema has checked the type already. */
    private static String text(Map<String, Object> body, String key) {
        return body == null ? null : (String) body.get(key);
    }
}
