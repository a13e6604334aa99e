package org.rapportcrm.loyalty.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.rest.RestResource;

/**
 * {@code GET /api/v1/loyalty/balances/{contactId}}: a contact's points; {@code POST /api/v1/loyalty/adjustments}
 * with {@code {"contact", "points", "reason"}}: a manual correction, checked like any record.
 */
@Component
public class LoyaltyResource implements RestResource {
    private final LoyaltyLedger ledger;

    @Activate
    public LoyaltyResource(@Reference LoyaltyLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String path() {
        return "loyalty";
    }

    @Override
    public List<RestRoute> routes() {
        JsonSchema entry = JsonSchema.record(LoyaltyTypes.POINTS_ENTRY);
        return List.of(
                RestRoute.get("balances/{contactId}").summary("A contact's points and newest entries")
                        .pathParameter("contactId", JsonSchema.string().maxLength(36), "id of the contact")
                        .response(200, "The balance", JsonSchema.object().openProperties()
                                .property("contact", JsonSchema.string()).property("points", JsonSchema.integer())
                                .property("entries", JsonSchema.integer().minimum(0)).property("newest", JsonSchema.array(entry))
                                .required("contact", "points", "entries", "newest"))
                        .handler(ex -> ex.send(200, ledger.balance(ex.actor(), ex.pathParameter("contactId")))),
                RestRoute.post("adjustments").summary("Correct a contact's points by hand")
                        .requestBody(JsonSchema.object()
                                .property("contact", JsonSchema.string().pattern(FieldFormats.ID).description("id of the contact"))
                                .property("points", JsonSchema.integer().minimum(Long.MIN_VALUE).maximum(Long.MAX_VALUE))
                                .property("reason", JsonSchema.string().minLength(1).maxLength(255).pattern(FieldFormats.SINGLE_LINE))
                                .required("contact", "points", "reason"))
                        .response(201, "The points entry", entry)
                        .handler(ex -> {
                            Map<String, Object> body = ex.body();
                            ex.send(201, ledger.adjust(ex.actor(), body.get("contact"), body.get("points"), body.get("reason"), "Manual"));
                        }));
    }
}
