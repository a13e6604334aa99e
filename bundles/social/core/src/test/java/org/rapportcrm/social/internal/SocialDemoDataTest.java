package org.rapportcrm.social.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.social.api.Social;

/** The demo: disabled channels and scored posts over a month, made once. */
class SocialDemoDataTest {
    @Test
    void theDemoAddsADisabledChannelAndScoredMentionsOnce() {
        try (CoreFixture core = new CoreFixture()) {
            core.metadata.addProvider(new SocialTypes());
            ChannelStore channels = new ChannelStore(core.records);
            SocialConfig config = Configs.of(SocialConfig.class, Map.of());
            PostIngest ingest = new PostIngest(core.records, channels, new ProfileMatching(core.records, core.metadata), new PostScoring(),
                    core.tasks, core.metadata, config);
            core.records.addTrigger(new ChannelRules(channels, core.tasks, new ChannelListener(channels, ingest, config)), "org.rapportcrm.social");
            SocialDemoData demo = new SocialDemoData(core.records, ingest, core.tasks,
                    Configs.of(SocialDemoData.Config.class, Map.of("enabled", true)));
            core.tasks.runAll(demo);
            core.tasks.schedule(SocialDemoData.NAME, "again", java.time.Instant.now(), Map.of());
            core.tasks.runAll(demo);

            List<Record> all = core.records.all(Actor.system(), Query.of(Social.CHANNEL));
            assertEquals(List.of("mastodon", "rss"), all.stream().map(c -> c.get("network")).sorted().toList());
            assertTrue(all.stream().noneMatch(c -> Boolean.TRUE.equals(c.get("enabled"))));
            assertEquals(48, core.records.count(Actor.system(), Social.POST, null), "made once");
            assertTrue(core.records.count(Actor.system(), Social.POST, Filter.le("postedDay", java.time.LocalDate.now().minusDays(25))) > 0,
                    "spread over the last 30 days");
            assertTrue(core.records.count(Actor.system(), Social.POST, Filter.eq("keyword", "acme crm")) > 0, "share of voice has keywords");
            assertTrue(core.records.count(Actor.system(), Social.POST, Filter.eq("sentiment", Social.NEGATIVE)) > 0);
            assertTrue(core.records.count(Actor.system(), Social.POST, Filter.eq("sentiment", Social.POSITIVE)) > 0);
            assertTrue(core.records.count(Actor.system(), Social.POST, Filter.eq("language", "de")) > 0);
        }
    }
}
