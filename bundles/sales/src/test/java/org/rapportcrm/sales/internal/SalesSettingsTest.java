package org.rapportcrm.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/** Sales reps sell; how selling works (stages, rules, forms, products, prices) is set by administrators. */
class SalesSettingsTest {
    private final SalesFixture fixture = new SalesFixture();
    private final Actor alice = fixture.core.user("alice", Set.of("sales"), Set.of());
    private final Actor manager = fixture.core.user("mia", Set.of("sales-manager"), Set.of());
    private final Actor admin = fixture.core.user("root", Set.of("admin"), Set.of());

    @Test
    void repsAndManagersCannotWriteTheSalesSettings() {
        Map<String, Map<String, Object>> settings = Map.of(
                SalesTypes.ASSIGNMENT_RULE, Map.of("name", "Everything to me", "position", 0, "assignToUser", alice.userId()),
                SalesTypes.WEB_FORM, Map.of("name", "Evil", "formKey", "evil"),
                SalesTypes.SCORING_RULE, Map.of("name", "Mine first", "points", 100),
                SalesTypes.SALES_STAGE, Map.of("name", "Mine", "position", 99, "probability", 50),
                SalesTypes.PRODUCT, Map.of("name", "Free lunch"),
                SalesTypes.PRICE_BOOK, Map.of("name", "My prices"));
        settings.forEach((type, values) -> {
            assertThrows(AccessDeniedException.class, () -> fixture.core.records.create(alice, type, values), type);
            assertThrows(AccessDeniedException.class, () -> fixture.core.records.create(manager, type, values), type);
        });
        assertEquals("Free lunch", fixture.core.records.create(admin, SalesTypes.PRODUCT, Map.of("name", "Free lunch")).get("name"));
    }

    @Test
    void nobodyWritesTheStageHistoryByHand() {
        String deal = fixture.core.records.create(alice, SalesTypes.OPPORTUNITY, Map.of("name", "Deal", "stage", "Prospecting",
                "closeDate", "2027-01-31")).getId();
        for (Actor who : new Actor[] {alice, admin}) {
            assertThrows(AccessDeniedException.class, () -> fixture.core.records.create(who, SalesTypes.STAGE_CHANGE, Map.of(
                    "opportunity", deal, "stage", "Closed Won", "outcome", "Won", "enteredAt", "2026-01-01T00:00:00Z")));
        }
    }
}
