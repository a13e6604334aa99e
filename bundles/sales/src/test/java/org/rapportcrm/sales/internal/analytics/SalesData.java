package org.rapportcrm.sales.internal.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Writes sales records straight into the real core without the stage rules ({@link SalesFixture#typesOnly()}), with
 * stage, probability, forecast category, closedAt and stage history set by hand (as the stage rules would derive
 * them), so that each test states exactly what the figures see.
 */
final class SalesData {
    private static final Map<String, String> STAGE_OF_CATEGORY = Map.of("Pipeline", "Prospecting", "Best case", "Proposal",
            "Commit", "Negotiation", "Closed", "Closed Won", "Omitted", "Closed Lost");
    private final SalesFixture fixture;
    /** Where every deal is, as the stages past Prospecting require an account and a contact. */
    private final Record account;
    private final Record contact;

    SalesData(SalesFixture fixture) {
        this.fixture = fixture;
        this.account = fixture.core.records.create(Actor.system(), "account", Map.of("name", "Analytics Test Ltd"));
        this.contact = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Buyer", "account", account.getId()));
    }

    OpportunityBuilder opportunity(Actor owner, String name) {
        return new OpportunityBuilder(owner, name);
    }

    Record lead(Actor owner, String lastName, String status) {
        return fixture.core.records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", lastName, "status", status,
                "owner", owner.userId()));
    }

    Record stageChange(Record opportunity, String stage, Instant enteredAt) {
        return fixture.core.records.create(Actor.system(), SalesTypes.STAGE_CHANGE, Map.of("opportunity", opportunity.getId(),
                "stage", stage, "enteredAt", enteredAt));
    }

    final class OpportunityBuilder {
        private final Map<String, Object> values = new HashMap<>();
        private Duration closedAfterCreation;

        private OpportunityBuilder(Actor owner, String name) {
            values.put("name", name);
            values.put("owner", owner.userId());
            values.put("stage", "Prospecting");
            values.put("closeDate", LocalDate.of(2026, 10, 15));
            values.put("account", account.getId());
            values.put("contact", contact.getId());
        }

        OpportunityBuilder amount(String amount, String currency) {
            values.put("amount", new Money(new BigDecimal(amount), currency));
            return this;
        }

        OpportunityBuilder closeDate(String isoDate) {
            return closeDate(LocalDate.parse(isoDate));
        }

        OpportunityBuilder closeDate(LocalDate date) {
            values.put("closeDate", date);
            return this;
        }

        /** The category with the stage of the standard process that has it. */
        OpportunityBuilder category(String forecastCategory, int probability) {
            values.put("forecastCategory", forecastCategory);
            values.put("stage", STAGE_OF_CATEGORY.get(forecastCategory));
            values.put("probability", probability);
            if (forecastCategory.equals("Omitted")) {
                values.put("lossReason", "Other"); // Closed Lost asks for it
            }
            return this;
        }

        OpportunityBuilder closedAt(Instant closedAt) {
            values.put("closedAt", closedAt);
            return this;
        }

        /** Closed exactly this many days after the record's creation (which the platform stamps). */
        OpportunityBuilder closedDaysAfterCreation(int days) {
            closedAfterCreation = Duration.ofDays(days);
            return this;
        }

        Record create() {
            Record r = fixture.core.records.create(Actor.system(), SalesTypes.OPPORTUNITY, values);
            if (closedAfterCreation == null) {
                return r;
            }
            return fixture.core.records.update(Actor.system(), SalesTypes.OPPORTUNITY, r.getId(), r.getVersion(),
                    Map.of("closedAt", r.getCreatedAt().plus(closedAfterCreation)));
        }
    }
}
