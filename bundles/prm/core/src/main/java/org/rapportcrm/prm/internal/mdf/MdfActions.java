package org.rapportcrm.prm.internal.mdf;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * The channel manager's decisions as record actions (permission {@code approveMarketDevelopmentFunds}):
 * {@code POST /api/v1/mdfRequests/{id}/approval} and {@code .../rejection}, {@code POST /api/v1/mdfClaims/{id}/approval},
 * {@code .../rejection} and {@code .../payment}.
 */
public final class MdfActions {
    private static final JsonSchema REASON = JsonSchema.string().maxLength(4000).pattern(FieldFormats.MULTI_LINE);
    private static final String DECIDED = "It was decided already (field status)";

    private MdfActions() {
    }

    /** One action: a route that answers the decided record. */
    private abstract static class Decision implements RecordAction {
        private final String type;
        private final String name;

        Decision(String type, String name) {
            this.type = type;
            this.name = name;
        }

        @Override
        public String recordType() {
            return type;
        }

        @Override
        public String name() {
            return name;
        }

        RestRoute route(String summary, JsonSchema body, String problems, Function<RestExchange, Object> decide) {
            return RestRoute.post("").summary(summary + " (needs approveMarketDevelopmentFunds)").requestBody(body)
                    .response(200, "The decided record", JsonSchema.record(type)).problem(422, problems)
                    .handler(ex -> ex.send(200, decide.apply(ex)));
        }
    }

    @Component(service = RecordAction.class)
    public static class RequestApproval extends Decision {
        private final MdfDecisions decisions;

        @Activate
        public RequestApproval(@Reference MdfDecisions decisions) {
            super(Mdf.REQUEST, "approval");
            this.decisions = decisions;
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(route("Approve a request for funds, for the amount requested or less",
                    JsonSchema.object().property("reason", REASON.nullable())
                            .property(Mdf.APPROVED_AMOUNT, JsonSchema.number().minimum(0).nullable()
                                    .description("in the request's currency; null for the amount requested")),
                    DECIDED + ", or the amount is above the request's (field approvedAmount)",
                    ex -> decisions.approveRequest(ex.actor(), ex.pathParameter("id"), number(ex.body(), Mdf.APPROVED_AMOUNT),
                            text(ex.body(), "reason"))));
        }
    }

    @Component(service = RecordAction.class)
    public static class RequestRejection extends Decision {
        private final MdfDecisions decisions;

        @Activate
        public RequestRejection(@Reference MdfDecisions decisions) {
            super(Mdf.REQUEST, "rejection");
            this.decisions = decisions;
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(route("Reject a request for funds with a reason the partner reads",
                    JsonSchema.object().property("reason", REASON.minLength(1)).required("reason"), DECIDED + ", or no reason (field reason)",
                    ex -> decisions.rejectRequest(ex.actor(), ex.pathParameter("id"), text(ex.body(), "reason"))));
        }
    }

    @Component(service = RecordAction.class)
    public static class ClaimApproval extends Decision {
        private final MdfDecisions decisions;

        @Activate
        public ClaimApproval(@Reference MdfDecisions decisions) {
            super(Mdf.CLAIM, "approval");
            this.decisions = decisions;
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(route("Approve a claim that carries its proof of performance (files)",
                    JsonSchema.object().property("reason", REASON.nullable()), DECIDED + ", or it has no file as proof (field files)",
                    ex -> decisions.approveClaim(ex.actor(), ex.pathParameter("id"), text(ex.body(), "reason"))));
        }
    }

    @Component(service = RecordAction.class)
    public static class ClaimRejection extends Decision {
        private final MdfDecisions decisions;

        @Activate
        public ClaimRejection(@Reference MdfDecisions decisions) {
            super(Mdf.CLAIM, "rejection");
            this.decisions = decisions;
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(route("Reject a claim with a reason the partner reads",
                    JsonSchema.object().property("reason", REASON.minLength(1)).required("reason"), DECIDED + ", or no reason (field reason)",
                    ex -> decisions.rejectClaim(ex.actor(), ex.pathParameter("id"), text(ex.body(), "reason"))));
        }
    }

    @Component(service = RecordAction.class)
    public static class ClaimPayment extends Decision {
        private final MdfDecisions decisions;

        @Activate
        public ClaimPayment(@Reference MdfDecisions decisions) {
            super(Mdf.CLAIM, "payment");
            this.decisions = decisions;
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(route("Mark an approved claim paid",
                    JsonSchema.object().property("paymentReference", JsonSchema.string().maxLength(100).pattern(FieldFormats.SINGLE_LINE).nullable()),
                    "The claim is not approved (field status)",
                    ex -> decisions.pay(ex.actor(), ex.pathParameter("id"), text(ex.body(), "paymentReference"))));
        }
    }

    /** The schema has checked the types already. */
    private static String text(Map<String, Object> body, String key) {
        return body == null ? null : (String) body.get(key);
    }

    private static BigDecimal number(Map<String, Object> body, String key) {
        Object value = body == null ? null : body.get(key);
        return value == null ? null : new BigDecimal(value.toString());
    }
}
