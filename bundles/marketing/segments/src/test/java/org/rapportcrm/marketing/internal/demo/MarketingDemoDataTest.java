package org.rapportcrm.marketing.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.internal.MarketingTypes;
import org.rapportcrm.marketing.internal.MembershipStore;
import org.rapportcrm.marketing.internal.StaticLists;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;

class MarketingDemoDataTest {
    @Test
    void demoDataGivesSegmentsPurposesAndConsentsForMostContacts() throws Exception {
        CoreFixture core = new CoreFixture();
        core.metadata.addProvider(new MarketingTypes());
        MembershipStore store = new MembershipStore(new ContributedMigrations(core.database), core.database.joiningDataSource());
        for (int i = 0; i < 200; i++) {
            core.records.create(Actor.system(), "contact", Map.of("lastName", "Demo" + i, "country", i % 3 == 0 ? "Germany" : "France"));
        }
        MarketingDemoData demo = new MarketingDemoData(core.records, new StaticLists(core.records, store), core.tasks,
                Configs.of(MarketingDemoData.Config.class, Map.of("enabled", true)));
        core.records.create(Actor.system(), "activity", Map.of("subject", "Call", "activityType", "Call"));
        core.tasks.runAll(demo);
        core.tasks.schedule(MarketingDemoData.NAME, "once", java.time.Instant.now(), Map.of("until", java.time.Instant.now().toString()));
        core.tasks.runAll(demo); // a second start finds the segments and leaves them

        assertEquals(4, core.records.count(Actor.system(), "segment", null));
        assertEquals(3, core.records.count(Actor.system(), "consentPurpose", null));
        List<Record> entries = core.records.all(Actor.system(), Query.of("consentEntry").limit(1000));
        long contactsWithConsent = entries.stream().map(r -> r.get("contact")).distinct().count();
        assertTrue(contactsWithConsent > 140 && contactsWithConsent < 190, "about 80% of 200: " + contactsWithConsent);
        Record fair = core.records.all(Actor.system(), Query.of("segment")).stream().filter(s -> "Static".equals(s.get("segmentType"))).findFirst().orElseThrow();
        assertTrue(store.count(fair.getId()) > 0);
    }
}
