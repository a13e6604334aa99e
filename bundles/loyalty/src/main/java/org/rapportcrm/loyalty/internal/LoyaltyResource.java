package org.rapportcrm.loyalty.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
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
    public void handle(RestExchange ex) throws IOException {
        List<String> path = ex.pathSegments();
        if (ex.method().equals("GET") && path.size() == 2 && path.get(0).equals("balances")) {
            ex.send(200, ledger.balance(ex.actor(), path.get(1)));
        } else if (ex.method().equals("POST") && path.equals(List.of("adjustments"))) {
            Map<String, Object> body = ex.body();
            ex.send(201, ledger.adjust(ex.actor(), body.get("contact"), body.get("points"), body.get("reason"), "Manual"));
        } else {
            throw RestException.notFound("No loyalty endpoint " + ex.method() + " /api/v1/loyalty/" + String.join("/", path)
                    + " (there are GET balances/{contactId} and POST adjustments)");
        }
    }
}
