package org.rapportcrm.marketing.campaigns.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.rapportcrm.marketing.api.Consents;
import org.rapportcrm.marketing.api.RecipientLinks;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;

/**
 * The real platform core over in-memory Derby with the campaign types and the real outbox store; segments, consents
 * and the mail queue are small stand-ins. The mail queue writes each message into a table through the joining
 * DataSource, as the platform's does, so it commits or rolls back with the sender's transaction; it can be told to
 * die after some messages, as a node killed mid-send would.
 */
final class CampaignFixture implements AutoCloseable {
    final CoreFixture core;
    final DataSource data;
    final RecipientStore store;
    final Map<String, List<String>> members = new HashMap<>();
    final Map<String, Set<String>> consented = new HashMap<>();
    final List<String> withdrawals = new ArrayList<>();
    final AtomicInteger crashAfter = new AtomicInteger(Integer.MAX_VALUE);
    final Links links = new Links();
    final CampaignMessages messages = new CampaignMessages(links, "bounces.test", true);
    final CampaignSender sender;
    final CampaignResponses responses;
    /** One more try after a soft bounce, due at once for the test scheduler. */
    final SoftBounceRetries retries;
    final Campaigns campaigns;
    /** The clock of the A/B tests' window: tests move it. */
    final MovableClock clock = new MovableClock();
    final AbTests abTests;
    final AbTestStore split;

    CampaignFixture(int perSecond) {
        this(perSecond, CoreFixture.memoryDataSource());
    }

    /** Over the given database (PostgreSQL for the tests that run there too). */
    CampaignFixture(int perSecond, DataSource database) {
        core = new CoreFixture(database);
        data = core.database.joiningDataSource();
        store = new RecipientStore(new ContributedMigrations(core.database), data);
        core.metadata.addProvider(() -> List.of(
                new RecordType(MailService.TEMPLATE_TYPE, "emailTemplates", "E-mail template", "E-mail templates", "name",
                        List.of(builder("name", FieldType.TEXT).build(), builder("recordType", FieldType.TEXT).build(),
                                builder("subject", FieldType.TEXT).build(), builder("htmlBody", FieldType.LONG_TEXT).build(),
                                builder("textBody", FieldType.LONG_TEXT).build())).withKind(RecordType.Kind.CONFIGURATION)));
        core.metadata.addProvider(new org.rapportcrm.marketing.internal.MarketingTypes());
        core.metadata.addProvider(new CampaignTypes());
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_mail_queue (message_id VARCHAR(255) PRIMARY KEY, recipient VARCHAR(254), envelope_from VARCHAR(254), "
                    + "unsubscribe VARCHAR(1000), html VARCHAR(8000), text VARCHAR(200))");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Mail mail = new Mail();
        split = new AbTestStore(store, data);
        abTests = new AbTests(core.records, store, split, core.tasks, clock);
        sender = new CampaignSender(core.records, mail, new Members(), new ConsentLedger(), store, abTests, messages, perSecond, clock);
        retries = new SoftBounceRetries(core.records, core.tasks, sender, store, 1, java.time.Duration.ofHours(4), Clock.systemUTC());
        responses = new CampaignResponses(core.records, core.metadata, new ConsentLedger(), store, retries, Clock.systemUTC());
        campaigns = new Campaigns(core.records, core.tasks, mail, store, abTests, clock);
        core.records.addValidator(new VariantRules(core.records), null);
        CampaignLifecycle lifecycle = new CampaignLifecycle(core.tasks, Clock.systemUTC());
        core.records.addValidator(lifecycle, null);
        core.records.addTrigger(lifecycle, null);
    }

    Record contact(String lastName, String email) {
        Map<String, Object> values = new HashMap<>();
        values.put("lastName", lastName);
        values.put("email", email);
        return core.records.create(Actor.system(), "contact", values);
    }

    Record campaign(String segmentIds, String purpose) {
        String template = core.records.create(Actor.system(), MailService.TEMPLATE_TYPE, Map.of("name", "News")).getId();
        Map<String, Object> values = new HashMap<>(Map.of("name", "Spring news", "template", template, "segments", segmentIds));
        if (purpose != null) {
            values.put("consentPurpose", purpose);
        }
        return core.records.create(Actor.system(), CampaignTypes.CAMPAIGN, values);
    }

    Record segment(String name, Record... contacts) {
        Record segment = core.records.create(Actor.system(), "segment", Map.of("name", name));
        members.put(segment.getId(), java.util.Arrays.stream(contacts).map(Record::getId).sorted().toList());
        return segment;
    }

    /** Runs the campaign's task until it is done, as the scheduler would (retrying a run that threw); returns the runs. */
    int runSend() {
        return core.tasks.runAll(sender).size();
    }

    /** Every queued message by recipient, in the order queued. */
    Map<String, String> queued(String column) {
        Map<String, String> queued = new LinkedHashMap<>();
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT recipient, " + column + " FROM test_mail_queue")) {
            while (rs.next()) {
                if (queued.put(rs.getString(1), rs.getString(2)) != null) {
                    throw new AssertionError(rs.getString(1) + " was mailed twice");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return queued;
    }

    /** The Message-IDs of the messages queued to an address, in the order they were queued. */
    List<String> messagesTo(String address) {
        List<String> ids = new ArrayList<>();
        try (Connection c = core.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT message_id FROM test_mail_queue WHERE recipient = ?")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    String row(String campaignId, String contactId) {
        try (Connection c = core.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state, reason FROM " + RecipientStore.RECIPIENTS + " WHERE campaign_id = ? AND contact_id = ?")) {
            ps.setString(1, campaignId);
            ps.setString(2, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + (rs.getString(2) == null ? "" : " (" + rs.getString(2) + ")") : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }

    /** The system clock plus however far a test moved it. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void move(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** The segment stand-in: fixed member lists. */
    final class Members implements SegmentMembership {
        @Override
        public boolean isMember(String segmentId, String contactId) {
            return members.getOrDefault(segmentId, List.of()).contains(contactId);
        }

        @Override
        public long count(String segmentId) {
            return members.getOrDefault(segmentId, List.of()).size();
        }

        @Override
        public List<Member> members(String segmentId, String afterContactId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forEachMember(String segmentId, Consumer<String> action) {
            members.getOrDefault(segmentId, List.of()).forEach(action);
        }

        @Override
        public List<MembershipEvent> history(String segmentId, Long beforeId, int limit) {
            return List.of();
        }

        @Override
        public List<String> segmentsOf(String contactId) {
            return List.of();
        }
    }

    /** The ledger stand-in: who consented per purpose; withdrawals are noted and take effect. */
    final class ConsentLedger implements Consents {
        @Override
        public String record(Actor actor, ConsentRequest request) {
            withdrawals.add(request.contactId() + " " + request.purposeId() + " " + request.source());
            consented.getOrDefault(request.purposeId(), new HashSet<>()).remove(request.contactId());
            return "entry";
        }

        @Override
        public List<ConsentState> current(Actor actor, String contactId) {
            return List.of();
        }

        @Override
        public Set<String> allowed(String purposeId, String channel, Collection<String> contactIds) {
            Set<String> allowed = new HashSet<>(contactIds);
            allowed.retainAll(consented.getOrDefault(purposeId, Set.of()));
            return allowed;
        }
    }

    /** Links signed with a fixed scheme: only the verification rules matter here (ConsentLinks signs for real). */
    static final class Links implements RecipientLinks {
        @Override
        public String publicUrl() {
            return "https://crm.test";
        }

        @Override
        public String sign(String purpose, String id, Duration validity) {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((purpose + "|" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String verify(String purpose, String token) {
            try {
                String s = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
                return s.startsWith(purpose + "|") ? s.substring(purpose.length() + 1) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** The mail queue stand-in: one row per message in the sender's transaction; "dies" once, at the message after the first {@link #crashAfter}. */
    final class Mail implements MailService {
        @Override
        public String send(OutgoingMail mail) {
            if (crashAfter.getAndDecrement() == 0) {
                throw new IllegalStateException("node killed");
            }
            String id = "<" + java.util.UUID.randomUUID() + "@crm.test>";
            try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO test_mail_queue VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, mail.to().get(0).address());
                ps.setString(3, mail.envelopeFrom());
                ps.setString(4, mail.headers().get("List-Unsubscribe"));
                ps.setString(5, mail.html());
                ps.setString(6, mail.text());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return id;
        }

        @Override
        public Optional<MailStatus> status(String messageId) {
            return Optional.empty();
        }

        @Override
        public List<MailStatus> messagesAbout(Actor actor, String recordType, String recordId) {
            return List.of();
        }

        @Override
        public RenderedMail render(String template, Record record, Actor actor) {
            Object text = core.records.get(Actor.system(), MailService.TEMPLATE_TYPE, template).get("textBody");
            return new RenderedMail("Hello " + record.get("lastName"), "<html><body><p>Hi <a href=\"https://shop.test/spring?a=1&amp;b=2\">spring</a></p></body></html>",
                    (text == null ? "Hi" : text) + " " + record.get("lastName"));
        }

        @Override
        public String sendTemplate(String template, Record record, Actor actor, Collection<String> to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isConfigured() {
            return true;
        }
    }
}
