package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.campaigns.internal.Attribution.Model;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.core.internal.CoreFixture;

/**
 * A campaign's return over the real core on Derby (and PostgreSQL, {@link PostgresCampaignRoiTest}), with small
 * stand-ins of sales' lead, opportunity and stage types (marketing knows them only by their field names).
 * <p>
 * The story, days counted back from now, lookback 90 days: Autumn, Webinar and Winter touch the Acme deal (9,000, won
 * yesterday) through Ann and Ben, Acme's contacts: Autumn (Ann opened, day -30), Webinar (Ben clicked, day -20), Winter
 * (Ann opened, day -10), Webinar (Ann opened, day -5). Two touches do not count: Winter opened by Ann on day -200 (before
 * the lookback) and Winter clicked by Ben today (after the deal closed). Autumn cost 1,000. Cyd opened Autumn on day -3
 * and has an open 5,000 deal (and a 700 one lost on day -4, before); a lead of Autumn's was converted into an open 2,000
 * deal, and another lead of Autumn's was converted too.
 */
class CampaignRoiTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    CampaignFixture f;
    CampaignRoi roi;
    String autumn;
    String webinar;
    String winter;

    DataSource database() {
        return CoreFixture.memoryDataSource();
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @BeforeEach
    void theStory() {
        f = new CampaignFixture(10, database());
        f.core.metadata.addProvider(() -> List.of(
                new RecordType("lead", "leads", "Lead", "Leads", "lastName", List.of(builder("lastName", FieldType.TEXT).build(),
                        builder("convertedAt", FieldType.DATE_TIME).build())),
                new RecordType("salesStage", "salesStages", "Stage", "Stages", "name", List.of(builder("name", FieldType.TEXT).build(),
                        builder("outcome", FieldType.TEXT).build())),
                new RecordType("opportunity", "opportunities", "Opportunity", "Opportunities", "name", List.of(
                        builder("name", FieldType.TEXT).build(), builder("account", FieldType.REFERENCE).referenceTo("account").build(),
                        builder("contact", FieldType.REFERENCE).referenceTo("contact").build(), builder("amount", FieldType.MONEY).build(),
                        builder("stage", FieldType.TEXT).build(), builder("closedAt", FieldType.DATE_TIME).build(),
                        builder("lead", FieldType.REFERENCE).referenceTo("lead").build()))));
        f.core.records.addTrigger(new SourceCampaignTrigger(f.core.records), null);
        roi = new CampaignRoi(f.core.records, f.core.metadata, f.store, new TouchStore(f.store, f.data), f.campaigns, Duration.ofDays(90), java.time.Clock.systemUTC());
        for (String[] stage : new String[][] {{"Prospecting", "Open"}, {"Closed Won", "Won"}, {"Closed Lost", "Lost"}}) {
            f.core.records.create(Actor.system(), "salesStage", Map.of("name", stage[0], "outcome", stage[1]));
        }
        autumn = campaign("Autumn", new BigDecimal("1000"));
        webinar = campaign("Webinar", null);
        winter = campaign("Winter", new BigDecimal("0"));

        String acme = f.core.records.create(Actor.system(), "account", Map.of("name", "Acme")).getId();
        String ann = contact("Ann", acme);
        String ben = contact("Ben", acme);
        String cyd = contact("Cyd", null);
        touch(autumn, ann, RecipientStore.OPENED, 30);
        touch(webinar, ben, RecipientStore.CLICKED, 20);
        touch(winter, ann, RecipientStore.OPENED, 10);
        touch(webinar, ann, RecipientStore.OPENED, 5);
        touch(winter, ann, RecipientStore.OPENED, 200);
        touch(winter, ben, RecipientStore.CLICKED, 0);
        touch(autumn, cyd, RecipientStore.OPENED, 3);

        deal("Acme deal", acme, ann, "9000", "Closed Won", daysAgo(1), null);
        deal("Cyd's deal", null, cyd, "5000", "Prospecting", null, null);
        deal("Lost deal", null, cyd, "700", "Closed Lost", daysAgo(4), null);
        String lead = f.core.records.create(Actor.system(), "lead", Map.of("lastName", "Dee", CampaignTypes.SOURCE_CAMPAIGN, autumn)).getId();
        f.core.records.create(Actor.system(), "lead", Map.of("lastName", "Eve", CampaignTypes.SOURCE_CAMPAIGN, autumn, "convertedAt", daysAgo(1)));
        deal("Dee's deal", null, null, "2000", "Prospecting", null, lead);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private String campaign(String name, BigDecimal cost) {
        Map<String, Object> values = new HashMap<>(Map.of("name", name));
        if (cost != null) {
            values.put("cost", new Money(cost, "EUR"));
        }
        return f.core.records.create(Actor.system(), CampaignTypes.CAMPAIGN, values).getId();
    }

    private String contact(String name, String account) {
        Map<String, Object> values = new HashMap<>(Map.of("lastName", name, "email", name.toLowerCase() + "@example.com"));
        if (account != null) {
            values.put("account", account);
        }
        return f.core.records.create(Actor.system(), "contact", values).getId();
    }

    private void touch(String campaign, String contact, String kind, int daysAgo) {
        f.store.respond(campaign, contact, kind, null, daysAgo(daysAgo));
    }

    private void deal(String name, String account, String contact, String amount, String stage, Instant closedAt, String lead) {
        Map<String, Object> values = new HashMap<>(Map.of("name", name, "amount", new Money(new BigDecimal(amount), "EUR"), "stage", stage));
        if (account != null) {
            values.put("account", account);
        }
        if (contact != null) {
            values.put("contact", contact);
        }
        if (closedAt != null) {
            values.put("closedAt", closedAt);
        }
        if (lead != null) {
            values.put("lead", lead);
        }
        f.core.records.create(Actor.system(), "opportunity", values);
    }

    private Map<String, Object> roi(String campaign, Model model) {
        return roi.roi(Actor.system(), campaign, model);
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void firstTouchGivesTheWonDealToAutumnWhichTouchedItFirst() {
        assertEquals(money("9000.00"), roi(autumn, Model.FIRST_TOUCH).get("revenueWon"));
        assertEquals(money("800.00"), roi(autumn, Model.FIRST_TOUCH).get("roi"), "(9,000 - 1,000) / 1,000");
        assertEquals(money("0.00"), roi(webinar, Model.FIRST_TOUCH).get("revenueWon"));
        assertEquals(money("0.00"), roi(winter, Model.FIRST_TOUCH).get("revenueWon"), "its touch before the lookback does not count");
    }

    @Test
    void lastTouchGivesItToWebinarNotToWinterWhoseClickCameAfterTheClose() {
        assertEquals(money("0.00"), roi(autumn, Model.LAST_TOUCH).get("revenueWon"));
        assertEquals(money("9000.00"), roi(webinar, Model.LAST_TOUCH).get("revenueWon"));
        assertEquals(money("0.00"), roi(winter, Model.LAST_TOUCH).get("revenueWon"));
        assertEquals(money("-100.00"), roi(autumn, Model.LAST_TOUCH).get("roi"), "cost without revenue");
    }

    @Test
    void linearGivesEachOfTheThreeCampaignsAThird() {
        for (String campaign : List.of(autumn, webinar, winter)) {
            assertEquals(money("3000.00"), roi(campaign, Model.LINEAR).get("revenueWon"));
        }
        assertEquals(money("200.00"), roi(autumn, Model.LINEAR).get("roi"));
        assertNull(roi(webinar, Model.LINEAR).get("roi"), "no cost: no ROI");
        assertNull(roi(winter, Model.LINEAR).get("roi"), "a cost of 0: no ROI");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> models = (Map<String, Map<String, Object>>) roi(autumn, Model.LINEAR).get("models");
        assertEquals(money("9000.00"), models.get("firstTouch").get("revenueWon"));
        assertEquals(money("0.00"), models.get("lastTouch").get("revenueWon"));
        assertEquals(money("3000.00"), models.get("linear").get("revenueWon"));
    }

    @Test
    void autumnSourcedALeadThatBecameADealAndInfluencedTwoMore() {
        Map<String, Object> figures = roi(autumn, Model.LINEAR);
        assertEquals(0, money("1000").compareTo((BigDecimal) figures.get("cost")));
        assertEquals(2L, figures.get("leadsSourced"));
        assertEquals(1L, figures.get("leadsConverted"));
        assertEquals(1L, figures.get("opportunitiesSourced"), "the converted lead's deal keeps its source campaign");
        assertEquals(2L, figures.get("opportunitiesInfluenced"), "the Acme deal (Ann) and Cyd's; Cyd's lost deal closed before she opened");
        assertEquals(money("7000.00"), figures.get("pipeline"), "open deals sourced or influenced: 5,000 + 2,000");
        @SuppressWarnings("unchecked")
        Map<String, Object> funnel = (Map<String, Object>) figures.get("funnel");
        assertEquals(2L, funnel.get("converted"), "Ann and Cyd");
        assertEquals(1L, funnel.get("won"), "Ann");
        assertEquals(true, figures.get("salesInstalled"));
    }

    @Test
    void someoneWhoMayNotReadTheDealsLearnsNoAmountOfThem() {
        Actor admin = Actor.system();
        f.core.policy.create(admin, new RoleDefinition("own-deals", "Own deals only", List.of(
                new Grant(Grant.ANY_TYPE, AccessScope.ALL, false, AccessScope.NONE, AccessScope.NONE),
                new Grant("opportunity", AccessScope.OWN, true, AccessScope.OWN, AccessScope.OWN)), List.of(), Set.of(), false, 0));
        Actor reader = f.core.user("reader", Set.of("own-deals"), Set.of());
        Map<String, Object> figures = roi.roi(reader, autumn, Model.FIRST_TOUCH);
        assertEquals(money("0.00"), figures.get("revenueWon"));
        assertEquals(money("0.00"), figures.get("pipeline"));
        assertEquals(0L, figures.get("opportunitiesInfluenced"));
        assertEquals(0L, figures.get("opportunitiesSourced"));
        assertEquals(2L, figures.get("leadsSourced"), "leads it may read still count");
    }

    @Test
    void theDemoCampaignReachesTheWonDealsContactsAndSharesTheirRevenue() {
        String template = f.core.records.create(Actor.system(), org.rapportcrm.platform.api.mail.MailService.TEMPLATE_TYPE, Map.of("name", "News")).getId();
        new RoiDemoData(f.core.records, f.store).generate(template, "segment", Instant.now());
        String demo = f.core.records.query(Actor.system(), org.rapportcrm.platform.api.query.Query.of(CampaignTypes.CAMPAIGN)
                .where(org.rapportcrm.platform.api.query.Filter.eq("name", RoiDemoData.NAME))).items().get(0).getId();

        Map<String, Object> figures = roi(demo, Model.LINEAR);
        @SuppressWarnings("unchecked")
        Map<String, Object> funnel = (Map<String, Object>) figures.get("funnel");
        assertEquals(3L, funnel.get("sent"), "Ann, Ben and Cyd have addresses");
        assertEquals(1L, funnel.get("won"), "Ann, the Acme deal's contact, opened and clicked it");
        assertEquals(money("2250.00"), figures.get("revenueWon"), "a quarter of 9,000: Autumn, Webinar, Winter and the demo touched it");
        assertEquals(money("-10.00"), figures.get("roi"), "(2,250 - 2,500) / 2,500");
        assertEquals("Sent", f.core.records.get(Actor.system(), CampaignTypes.CAMPAIGN, demo).get("status"));
    }

    @Test
    void theOverviewListsEveryCampaignWithItsFigures() {
        List<Map<String, Object>> rows = roi.overview(Actor.system(), Model.FIRST_TOUCH, 10);
        assertEquals(3, rows.size());
        Map<String, Object> row = rows.stream().filter(r -> r.get("campaign").equals(autumn)).findFirst().orElseThrow();
        assertEquals(money("9000.00"), row.get("revenueWon"));
        assertEquals(money("800.00"), row.get("roi"));
        assertEquals(0L, row.get("sent"));
    }
}
