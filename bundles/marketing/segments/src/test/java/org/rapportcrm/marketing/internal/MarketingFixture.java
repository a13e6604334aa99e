package org.rapportcrm.marketing.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;
import org.rapportcrm.platform.core.internal.outbox.OutboxConfig;
import org.rapportcrm.platform.core.internal.outbox.OutboxDispatcher;
import org.rapportcrm.platform.core.internal.record.RecordFiltersImpl;

/**
 * The real platform core over in-memory Derby with the marketing types, rules and stores, the outbox delivering to
 * segment maintenance as it does in Rapport (polling every 50 ms), and a recorder for automation events.
 */
final class MarketingFixture implements AutoCloseable {
    final CoreFixture core = new CoreFixture();
    final List<String> events = new CopyOnWriteArrayList<>();
    /** What automation throws when it is told of an event, when set. */
    volatile RuntimeException automationFailure;
    final MembershipStore store = new MembershipStore(new ContributedMigrations(core.database), core.database.joiningDataSource());
    final SegmentDefinitions definitions;
    final SegmentEvaluation evaluation;
    final SegmentMaintenance maintenance;
    final UpkeepTimes upkeep = new UpkeepTimes();
    final StaticLists lists;
    final SegmentPreview preview;
    final ConsentLedger consents;
    private OutboxDispatcher outbox;

    MarketingFixture() {
        core.metadata.addProvider(new MarketingTypes());
        definitions = new SegmentDefinitions(core.records, new RecordFiltersImpl(core.metadata));
        core.records.addTrigger(new SegmentRules(definitions, core.tasks), "org.rapportcrm.marketing");
        evaluation = new SegmentEvaluation(core.records, definitions, store, Clock.systemUTC());
        AutomationEvents automation = (trigger, record, data) -> {
            if (automationFailure != null) {
                throw automationFailure;
            }
            events.add(trigger + " " + record.get("lastName") + " " + data.get("segmentName"));
        };
        maintenance = new SegmentMaintenance(core.records, definitions, store, upkeep, Clock.systemUTC(), automation);
        lists = new StaticLists(core.records, store, Clock.systemUTC());
        preview = new SegmentPreview(core.records, definitions);
        consents = new ConsentLedger(core.records, core.policy, Clock.systemUTC());
    }

    /** Starts delivering committed changes to segment maintenance, as the platform does. */
    MarketingFixture live() {
        outbox = new OutboxDispatcher(core.database, core.outbox, core.cluster, Configs.of(OutboxConfig.class, Map.of("pollMillis", 50L)),
                Clock.systemUTC(), "test-node");
        outbox.addConsumer(maintenance, Map.of());
        return this;
    }

    /** Runs the full re-evaluations the segment rules scheduled. */
    void evaluate() {
        core.tasks.runAll(evaluation);
    }

    Record create(String type, Map<String, Object> values) {
        return core.records.create(Actor.system(), type, values);
    }

    Record update(Record record, Map<String, Object> changes) {
        Record current = core.records.get(Actor.system(), record.getType(), record.getId());
        return core.records.update(Actor.system(), record.getType(), record.getId(), current.getVersion(), changes);
    }

    Record contact(String lastName, String country, Record account) {
        return create("contact", account == null ? Map.of("lastName", lastName, "country", country, "email", lastName.toLowerCase() + "@example.com")
                : Map.of("lastName", lastName, "country", country, "email", lastName.toLowerCase() + "@example.com", "account", account.getId()));
    }

    Record segment(String name, String filter, String accountFilter) {
        return create("segment", accountFilter == null ? Map.of("name", name, "filter", filter)
                : Map.of("name", name, "filter", filter, "accountFilter", accountFilter));
    }

    Record staticList(String name) {
        return create("segment", Map.of("name", name, "segmentType", "Static"));
    }

    @Override
    public void close() {
        if (outbox != null) {
            outbox.close();
        }
    }
}
