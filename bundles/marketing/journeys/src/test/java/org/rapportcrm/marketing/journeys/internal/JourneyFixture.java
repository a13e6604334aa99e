package org.rapportcrm.marketing.journeys.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.rapportcrm.marketing.api.JourneyMails;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationCondition;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.MutableClock;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;
import org.rapportcrm.platform.core.internal.record.RecordFiltersImpl;

/**
 * The real platform core over in-memory Derby with the journey type, the real enrolment store, engine and lifecycle, and
 * a clock the test moves. Segments, the campaigns' sending and the automation actions are small stand-ins: the
 * sending writes each e-mail into a table through the joining DataSource, as the campaign outbox does, so it commits
 * or rolls back with the step's transaction, and it can be told to die after queuing, as a node killed mid-step would.
 */
final class JourneyFixture {
    final CoreFixture core;
    final DataSource data;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    final EnrolmentStore store;
    final Segments segments = new Segments();
    final Mails mails = new Mails();
    final Set<String> suppressed = new HashSet<>();
    final Map<String, Set<String>> responses = new HashMap<>();
    final AtomicBoolean dieAfterNextMail = new AtomicBoolean();
    /** Set: the next e-mail queued counts the first latch down, then waits for the second (inside its step's transaction). */
    final AtomicReference<CountDownLatch[]> holdAfterNextMail = new AtomicReference<>();
    /** How often a step asked for an e-mail, sent or not. */
    final AtomicInteger mailRequests = new AtomicInteger();
    final JourneyEngine engine;

    JourneyFixture(DataSource database) {
        core = new CoreFixture(database);
        data = core.database.joiningDataSource();
        store = new EnrolmentStore(new ContributedMigrations(core.database), data);
        core.metadata.addProvider(() -> List.of(
                new RecordType(MailService.TEMPLATE_TYPE, "emailTemplates", "E-mail template", "E-mail templates", "name",
                        List.of(builder("name", FieldType.TEXT).build())).withKind(RecordType.Kind.CONFIGURATION),
                new RecordType("segment", "segments", "Segment", "Segments", "name", List.of(builder("name", FieldType.TEXT).build())),
                new RecordType("consentPurpose", "consentPurposes", "Consent purpose", "Consent purposes", "name",
                        List.of(builder("name", FieldType.TEXT).build())),
                // The sales capability's web forms, as far as journeys read them.
                new RecordType(FormSubmissionTrigger.WEB_FORM, "webForms", "Web form", "Web forms", "name",
                        List.of(builder("name", FieldType.TEXT).build(), builder("formKey", FieldType.TEXT).build()))));
        core.metadata.addProvider(new JourneyTypes());
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_journey_mail (campaign_id VARCHAR(36), contact_id VARCHAR(36), PRIMARY KEY (campaign_id, contact_id))");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        RecordFiltersImpl filters = new RecordFiltersImpl(core.metadata);
        Actions actions = new Actions();
        engine = new JourneyEngine(core.records, store, mails, segments, filters, actions, clock, Duration.ofMinutes(5), 3);
        JourneyLifecycle lifecycle = new JourneyLifecycle(core.records, core.metadata, filters, segments, store, actions, clock);
        core.records.addValidator(lifecycle, null);
        core.records.addTrigger(lifecycle, null);
    }

    Record contact(String lastName, String country) {
        return core.records.create(Actor.system(), "contact", Map.of("lastName", lastName, "email", lastName.toLowerCase() + "@customer.test",
                "country", country));
    }

    String template(String name) {
        return core.records.create(Actor.system(), MailService.TEMPLATE_TYPE, Map.of("name", name)).getId();
    }

    String segment(String name) {
        return core.records.create(Actor.system(), "segment", Map.of("name", name)).getId();
    }

    /** A draft journey started by entering {@code segmentId}, with these steps (JSON). */
    Record journey(String name, String segmentId, String steps) {
        return core.records.create(Actor.system(), JourneyTypes.JOURNEY, Map.of("name", name, "segment", segmentId, "steps", steps));
    }

    Record setStatus(Record journey, String status) {
        Record now = core.records.get(Actor.system(), JourneyTypes.JOURNEY, journey.getId());
        return core.records.update(Actor.system(), JourneyTypes.JOURNEY, now.getId(), now.getVersion(), Map.of("status", status));
    }

    /** Moves the clock and runs a journeys pass, as the scheduler would every few seconds. */
    int passAfter(Duration time) {
        clock.advance(time);
        return engine.pass(10_000);
    }

    /** The campaign of every e-mail queued to the contact, in order. */
    List<String> mailsTo(Record contact) {
        List<String> campaigns = new ArrayList<>();
        try (Connection c = core.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT campaign_id FROM test_journey_mail WHERE contact_id = ?")) {
            ps.setString(1, contact.getId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    campaigns.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return campaigns;
    }

    /** The campaigns' stand-in: one row per (campaign, contact), in the step's transaction. */
    final class Mails implements JourneyMails {
        final Map<String, String> campaigns = new HashMap<>();

        @Override
        public String openCampaign(String name, String templateId, String consentPurposeId) {
            String id = "campaign-" + (campaigns.size() + 1);
            campaigns.put(id, name);
            return id;
        }

        @Override
        public Outcome send(String campaignId, String contactId) {
            mailRequests.incrementAndGet();
            if (suppressed.contains(contactId)) {
                return Outcome.SUPPRESSED;
            }
            try (Connection c = data.getConnection()) {
                try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM test_journey_mail WHERE campaign_id = ? AND contact_id = ?")) {
                    check.setString(1, campaignId);
                    check.setString(2, contactId);
                    try (ResultSet rs = check.executeQuery()) {
                        if (rs.next()) {
                            return Outcome.ALREADY_SENT;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO test_journey_mail VALUES (?, ?)")) {
                    ps.setString(1, campaignId);
                    ps.setString(2, contactId);
                    ps.executeUpdate();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            if (dieAfterNextMail.getAndSet(false)) {
                throw new IllegalStateException("node killed");
            }
            CountDownLatch[] hold = holdAfterNextMail.getAndSet(null);
            if (hold != null) {
                hold[0].countDown();
                try {
                    hold[1].await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Outcome.QUEUED;
        }

        @Override
        public Set<String> responses(String campaignId, String contactId) {
            return responses.getOrDefault(campaignId + "|" + contactId, Set.of());
        }

        @Override
        public String unreachable(String contactId, String consentPurposeId) {
            return suppressed.contains(contactId) ? "Unsubscribed" : null;
        }
    }

    void opened(String campaignId, Record contact) {
        responses.computeIfAbsent(campaignId + "|" + contact.getId(), k -> new HashSet<>()).add("Opened");
    }

    /** The segments' stand-in: an entry history the test appends to. */
    final class Segments implements SegmentMembership {
        final List<MembershipEvent> events = new ArrayList<>();
        final AtomicLong ids = new AtomicLong();

        void enter(String segmentId, Record contact) {
            events.add(new MembershipEvent(ids.incrementAndGet(), segmentId, contact.getId(), true, clock.instant()));
        }

        @Override
        public List<MembershipEvent> history(String segmentId, Long beforeId, int limit) {
            List<MembershipEvent> page = new ArrayList<>();
            for (int i = events.size() - 1; i >= 0 && page.size() < limit; i--) {
                MembershipEvent e = events.get(i);
                if (e.segmentId().equals(segmentId) && (beforeId == null || e.id() < beforeId)) {
                    page.add(e);
                }
            }
            return page;
        }

        @Override
        public boolean isMember(String segmentId, String contactId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long count(String segmentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Member> members(String segmentId, String afterContactId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forEachMember(String segmentId, Consumer<String> action) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> segmentsOf(String contactId) {
            throw new UnsupportedOperationException();
        }
    }

    /** The automation capability's stand-in, with a "create a task" action that creates an activity for the record's owner. */
    final class Actions implements AutomationRegistry {
        final AutomationAction createTask = new AutomationAction() {
            @Override
            public String id() {
                return "record.create-task";
            }

            @Override
            public String label() {
                return "Create a task";
            }

            @Override
            public List<FieldDefinition> parameters() {
                return List.of();
            }

            @Override
            public void execute(AutomationContext context) {
                Record contact = context.trigger().record();
                core.records.create(context.actor(), "activity", Map.of("subject", context.parameters().get("subject"), "activityType", "Task",
                        "contact", contact.getId()));
            }
        };

        @Override
        public List<AutomationAction> actions() {
            return List.of(createTask);
        }

        @Override
        public List<AutomationCondition> conditions() {
            return List.of();
        }

        @Override
        public Optional<AutomationAction> action(String id) {
            return createTask.id().equals(id) ? Optional.of(createTask) : Optional.empty();
        }

        @Override
        public Optional<AutomationCondition> condition(String id) {
            return Optional.empty();
        }

        @Override
        public List<AutomationTrigger> triggers() {
            return List.of();
        }

        @Override
        public Optional<AutomationTrigger> trigger(String id) {
            return Optional.empty();
        }
    }
}
