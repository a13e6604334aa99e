package org.rapportcrm.sales.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

class StageRulesTest {
    private final SalesFixture fixture = new SalesFixture();
    private final RecordService records = fixture.core.records;
    private final Actor rep = fixture.core.user("rep", java.util.Set.of("sales"), java.util.Set.of());
    private final Record account = records.create(rep, "account", Map.of("name", "Acme"));
    private final Record contact = records.create(rep, "contact", Map.of("lastName", "Runner", "account", account.getId()));

    private Record opportunity(String stage) {
        return records.create(rep, SalesTypes.OPPORTUNITY, Map.of("name", "Acme rockets", "closeDate", "2026-12-15", "stage", stage,
                "account", account.getId(), "contact", contact.getId(), "amount", Map.of("amount", 12000, "currency", "EUR")));
    }

    private Record move(Record opportunity, Map<String, Object> changes) {
        return records.update(rep, SalesTypes.OPPORTUNITY, opportunity.getId(), opportunity.getVersion(), changes);
    }

    private List<Record> stageChanges(Record opportunity) {
        return records.query(rep, Query.of(SalesTypes.STAGE_CHANGE).where(Filter.eq("opportunity", opportunity.getId()))
                .sortBy("enteredAt", false)).items();
    }

    @Test
    void probabilityAndForecastCategoryFollowTheStage() {
        Record o = opportunity("Prospecting");
        assertEquals(0, new BigDecimal("10").compareTo((BigDecimal) o.get("probability")));
        assertEquals("Pipeline", o.get("forecastCategory"));
        Record proposal = move(o, Map.of("stage", "Proposal"));
        assertEquals(0, new BigDecimal("60").compareTo((BigDecimal) proposal.get("probability")));
        assertEquals("Best case", proposal.get("forecastCategory"));
        assertNull(proposal.get("closedAt"));
    }

    @Test
    void aProbabilitySetWithTheMoveWins() {
        Record o = move(opportunity("Prospecting"), Map.of("stage", "Negotiation", "probability", 65));
        assertEquals(0, new BigDecimal("65").compareTo((BigDecimal) o.get("probability")));
        assertEquals("Commit", o.get("forecastCategory"));
    }

    @Test
    void closingSetsClosedAtAndReopeningClearsIt() {
        Record won = move(opportunity("Negotiation"), Map.of("stage", "Closed Won"));
        assertNotNull(won.get("closedAt"));
        assertEquals("Closed", won.get("forecastCategory"));
        Record reopened = move(won, Map.of("stage", "Negotiation"));
        assertNull(reopened.get("closedAt"));
    }

    @Test
    void aCloseTimeGivenWithTheMoveIsKept() {
        Record imported = move(opportunity("Negotiation"), Map.of("stage", "Closed Won", "closedAt", "2026-03-31T16:00:00Z"));
        assertEquals(java.time.Instant.parse("2026-03-31T16:00:00Z"), imported.get("closedAt"));
    }

    @Test
    void enteringAStageNeedsItsRequiredFieldsAndNothingChangesWithout() {
        Record o = opportunity("Negotiation");
        ValidationException refused = assertThrows(ValidationException.class, () -> move(o, Map.of("stage", "Closed Lost")));
        assertEquals(List.of("lossReason"), refused.getErrors().stream().map(FieldError::field).toList());
        Record unchanged = records.get(rep, SalesTypes.OPPORTUNITY, o.getId());
        assertEquals("Negotiation", unchanged.get("stage"));
        assertEquals(1, stageChanges(o).size());

        Record lost = move(unchanged, Map.of("stage", "Closed Lost", "lossReason", "Price"));
        assertEquals("Closed Lost", lost.get("stage"));
    }

    @Test
    void aNewOpportunityNeedsTheFieldsOfItsFirstStageToo() {
        ValidationException refused = assertThrows(ValidationException.class, () -> records.create(rep, SalesTypes.OPPORTUNITY,
                Map.of("name", "No account", "closeDate", "2026-12-15", "stage", "Qualification")));
        assertEquals("account", refused.getErrors().get(0).field());
    }

    @Test
    void anUnknownStageIsRefusedWithTheStagesOfTheProcess() {
        ValidationException refused = assertThrows(ValidationException.class, () -> opportunity("Dreaming"));
        assertEquals("stage", refused.getErrors().get(0).field());
        assertEquals(true, refused.getErrors().get(0).message().contains("Prospecting"));
    }

    @Test
    void everyStageEnteredIsKeptInOrderWithWhereItCameFrom() {
        Record o = opportunity("Prospecting");
        o = move(o, Map.of("stage", "Qualification"));
        o = move(o, Map.of("nextStep", "Demo")); // not a stage change
        o = move(o, Map.of("stage", "Closed Won"));
        List<Record> history = stageChanges(o);
        assertEquals(List.of("Prospecting", "Qualification", "Closed Won"), history.stream().map(r -> r.get("stage")).toList());
        assertEquals(java.util.Arrays.asList(null, "Prospecting", "Qualification"), history.stream().map(r -> r.get("fromStage")).toList());
        assertEquals(SalesTypes.WON, history.get(2).get("outcome"));
    }

    @Test
    void aStageMoveRolledBackLeavesNoHistory() {
        Record o = opportunity("Prospecting");
        assertThrows(ValidationException.class, () -> move(o, Map.of("stage", "Closed Lost")));
        assertEquals(1, stageChanges(o).size());
    }
}
