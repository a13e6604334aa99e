package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.RecordPredicate;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.record.RecordFiltersImpl;

/** Rule conditions and webhook filters: the list filter language applied to a change in memory. */
class RecordFiltersTest {
    private static final CoreFixture CORE = new CoreFixture();
    private final RecordFiltersImpl filters = new RecordFiltersImpl(CORE.metadata);

    @AfterAll
    static void close() {
        CORE.close();
    }

    private boolean matches(String filter, Map<String, Object> values) {
        return filters.compile("account", filter).test(values, Map.of());
    }

    @Test
    void comparesValuesAsTheFieldsTypesDoWhetherTypedOrAsJson() {
        assertTrue(matches("employees gt 100", Map.of("employees", 250L)));
        assertFalse(matches("employees gt 100", Map.of("employees", 100L)));
        assertTrue(matches("annualRevenue ge 1000000", Map.of("annualRevenue", new Money(new BigDecimal("1000000.00"), "EUR"))));
        assertTrue(matches("annualRevenue ge 1000000", Map.of("annualRevenue", Map.of("amount", 1_000_000, "currency", "EUR"))));
        assertTrue(matches("industry in ('Banking', 'Retail') and name sw 'acme'", Map.of("industry", "Retail", "name", "ACME Ltd")));
        assertFalse(matches("name eq 'acme ltd'", Map.of("name", "ACME Ltd")), "eq on text is exact, as in lists");
    }

    @Test
    void anEmptyFieldMatchesOnlyEmptyAndNotEqual() {
        assertTrue(matches("city empty", Map.of()));
        assertTrue(matches("city ne 'Berlin'", Map.of()));
        assertFalse(matches("city eq 'Berlin' or employees lt 5", Map.of()));
        assertTrue(matches("city notempty and (employees lt 5 or city eq 'Berlin')", Map.of("city", "Berlin")));
    }

    @Test
    void previousValuesTellWhatAnUpdateChangedFromAndTo() {
        RecordPredicate becameBanking = filters.compile("account", "previous.industry ne 'Banking' and industry eq 'Banking'");
        assertTrue(becameBanking.readsPreviousValues());
        assertTrue(becameBanking.test(Map.of("industry", "Banking"), Map.of("industry", "Retail")));
        assertFalse(becameBanking.test(Map.of("industry", "Banking", "city", "Paris"), Map.of("city", "Lyon")),
                "an unchanged field had the value it has now");
        assertTrue(becameBanking.test(Map.of("industry", "Banking"), Map.of()), "a creation has no previous values");
        assertFalse(filters.compile("account", "industry eq 'Banking'").readsPreviousValues());
    }

    @Test
    void aFilterIsCheckedAsAListWouldCheckIt() {
        assertEquals("filter", assertThrows(InvalidQueryException.class, () -> filters.compile("account", "colour eq 'red'")).getParameter());
        assertThrows(InvalidQueryException.class, () -> filters.compile("account", "previous.colour eq 'red'"));
        assertThrows(InvalidQueryException.class, () -> filters.compile("account", "employees gt 'many'"));
        assertThrows(InvalidQueryException.class, () -> filters.compile("account", "description eq 'x'"));
        assertThrows(InvalidQueryException.class, () -> filters.compile("account", "industry eq"));
        assertThrows(InvalidQueryException.class, () -> filters.compile("nothing", "name eq 'x'"));
        assertTrue(filters.compile("account", "owner eq 'u1' and createdAt gt 2020-01-01T00:00:00Z")
                .test(Map.of("owner", "u1", "createdAt", "2024-05-01T10:00:00Z"), Map.of()));
        assertFalse(matches("industry eq 'Retail'", Map.of("industry", List.of())));
    }

    @Test
    void meStandsForTheActorAsItDoesInASavedView() {
        Actor alice = Actor.user("u-alice", "alice", Set.of("sales"), Set.of());
        RecordPredicate mine = filters.compile("account", "owner eq me", alice);
        assertTrue(mine.test(Map.of("owner", "u-alice"), Map.of()));
        assertFalse(mine.test(Map.of("owner", "u-bob"), Map.of()));
        assertFalse(filters.compile("account", "owner eq me").test(Map.of("owner", "u-alice"), Map.of()), "without an actor, me is a value");
    }
}
