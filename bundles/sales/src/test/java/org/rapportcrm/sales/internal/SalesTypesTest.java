package org.rapportcrm.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

class SalesTypesTest {
    private final SalesFixture fixture = new SalesFixture();

    @Test
    void aNewInstallationHasTheStandardSalesProcessInStageOrder() {
        List<Record> stages = fixture.core.records.query(Actor.system(), Query.of(SalesTypes.SALES_STAGE)
                .where(FilterExpression.parse("process eq 'Standard'")).sortBy("position", false)).items();
        assertEquals(List.of("Prospecting", "Qualification", "Needs analysis", "Proposal", "Negotiation", "Closed Won", "Closed Lost"),
                stages.stream().map(s -> s.get("name")).toList());
        assertEquals("lossReason", stages.get(6).get("requiredFields"));
    }

    @Test
    void activitiesCanBeLoggedOnLeadsWhileSalesIsInstalled() {
        Record lead = fixture.core.records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", "Ito", "company", "Kaze KK"));
        Record call = fixture.core.records.create(Actor.system(), "activity",
                Map.of("subject", "Intro call", "activityType", "Call", "status", "Completed", "lead", lead.getId()));
        assertEquals(lead.getId(), call.get("lead"));
        assertEquals("New", lead.get("status"));
        assertTrue(fixture.core.metadata.type("activity").orElseThrow().field("opportunity").isPresent());
    }

    @Test
    void linesEntriesAndStageHistoryBelongToTheRecordWhosePageListsThem() {
        Map<String, String> parents = new java.util.TreeMap<>();
        for (var type : new SalesTypes().recordTypes()) {
            if (type.getParentField() != null) {
                parents.put(type.getApiName(), type.getParentField());
            }
        }
        assertEquals(Map.of(SalesTypes.LINE_ITEM, "opportunity", SalesTypes.QUOTE_LINE, "quote",
                SalesTypes.PRICE_BOOK_ENTRY, "priceBook", SalesTypes.STAGE_CHANGE, "opportunity", SalesTypes.WEB_FORM_SUBMISSION, "lead"), parents);
    }
}
