package org.rapportcrm.platform.core.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.cluster.RecordsChanged;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.DeleteRestrictedException;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;

/**
 * Two nodes over one PostgreSQL schema, each with its own pool as pax-jdbc gives one: what one changes is in force on
 * the other without a restart, and a node whose listening connection is cut is told what it may have missed.
 */
@EnabledIfEnvironmentVariable(named = PostgresClusterTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresClusterTest {
    static final String URL_VARIABLE = "RAPPORT_TEST_POSTGRES_URL";

    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    private final List<BasicDataSource> pools = new ArrayList<>();
    private final CoreFixture nodeA;
    private final CoreFixture nodeB;
    private final Actor admin;

    PostgresClusterTest() throws SQLException {
        BasicDataSource first = pool();
        try (Connection c = first.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        nodeA = new CoreFixture(first);
        nodeB = new CoreFixture(pool());
        admin = nodeA.user("admin", Set.of("admin"), Set.of());
        CoreFixture.await("both nodes listen", () -> nodeA.cluster.isListening() && nodeB.cluster.isListening());
    }

    private BasicDataSource pool() {
        String url = System.getenv(URL_VARIABLE);
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setMaxTotal(8);
        pools.add(ds);
        return ds;
    }

    @AfterEach
    void stop() throws SQLException {
        nodeA.close();
        nodeB.close();
        try (Connection c = pools.get(0).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        for (BasicDataSource pool : pools) {
            pool.close();
        }
    }

    /** Records what it hears, in order. */
    private static final class Heard implements ClusterChangeListener {
        final Set<String> topics;
        final List<String> notices = new CopyOnWriteArrayList<>();
        final List<Instant> missed = new CopyOnWriteArrayList<>();

        Heard(String... topics) {
            this.topics = Set.of(topics);
        }

        @Override
        public Set<String> topics() {
            return topics;
        }

        @Override
        public void onChange(String topic, String payload) {
            notices.add(topic + ":" + payload);
        }

        @Override
        public void onMissedChanges(Instant since) {
            missed.add(since);
        }
    }

    @Test
    void aNoticeReachesTheOtherNodeWhenItsTransactionCommitsAndNeverIfItRollsBack() {
        Heard onA = new Heard("acme.prices");
        Heard onB = new Heard("acme.prices");
        nodeA.cluster.addListener(onA, "test");
        nodeB.cluster.addListener(onB, "test");
        assertThrows(IllegalStateException.class, () -> nodeA.database.inTransaction(c -> {
            nodeA.cluster.publish("acme.prices", "rolled-back");
            throw new IllegalStateException("rolls back");
        }));
        nodeA.database.inTransaction(c -> {
            nodeA.cluster.publish("acme.prices", "list-1");
            nodeA.cluster.publish("acme.other", "not listened to");
            return null;
        });
        nodeA.cluster.publish("acme.prices", "list-2");
        CoreFixture.await("node B hears both", () -> onB.notices.size() >= 2);
        assertEquals(List.of("acme.prices:list-1", "acme.prices:list-2"), onB.notices);
        assertEquals(List.of(), onA.notices, "a node does not hear itself");
    }

    @Test
    void aCustomFieldAddedOnOneNodeIsUsableOnTheOther() {
        nodeA.metadata.addCustomField(admin, "contact", FieldDefinition.builder("shoeSize", FieldType.INTEGER).label("Shoe size").build());
        CoreFixture.await("node B knows the field", () -> nodeB.metadata.requireType("contact").field("shoeSize").isPresent());
        Record created = nodeB.records.create(admin, "contact", Map.of("lastName", "Lovelace", "shoeSize", 38));
        assertEquals(38L, nodeA.records.get(admin, "contact", created.getId()).get("shoeSize"));
    }

    @Test
    void aCustomReferencesRuleOnDeleteChangedOnOneNodeIsFollowedByTheOther() {
        nodeA.metadata.addCustomField(admin, "contact", FieldDefinition.builder("referrer", FieldType.REFERENCE).referenceTo("account").build());
        CoreFixture.await("node B knows the field", () -> nodeB.metadata.requireType("contact").field("referrer").isPresent());
        nodeA.metadata.changeDeleteRule(admin, "contact", "referrer", DeleteRule.RESTRICT);
        CoreFixture.await("node B follows the rule", () -> nodeB.metadata.requireType("contact").field("referrer")
                .map(f -> f.getOnDelete() == DeleteRule.RESTRICT).orElse(false));
        Record account = nodeB.records.create(admin, "account", Map.of("name", "Referred"));
        nodeB.records.create(admin, "contact", Map.of("lastName", "Fan", "referrer", account.getId()));
        assertThrows(DeleteRestrictedException.class, () -> nodeB.records.delete(admin, "account", account.getId(), 1));
    }

    @Test
    void theSameFieldAddedOnTwoNodesAtOnceIsAddedOnceAndRefusedOnce() throws Exception {
        FieldDefinition field = FieldDefinition.builder("region", FieldType.TEXT).label("Region").build();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> results = List.of(two.submit(() -> nodeA.metadata.addCustomField(admin, "account", field)),
                    two.submit(() -> nodeB.metadata.addCustomField(admin, "account", field)));
            int refused = 0;
            for (Future<?> f : results) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    ValidationException v = (ValidationException) e.getCause();
                    assertEquals("apiName", v.getErrors().get(0).field());
                    refused++;
                }
            }
            assertEquals(1, refused);
        } finally {
            two.shutdown();
        }
        CoreFixture.await("both nodes know the field", () -> nodeA.metadata.requireType("account").field("region").isPresent()
                && nodeB.metadata.requireType("account").field("region").isPresent());
    }

    @Test
    void recordChangesAreAnnouncedWithTheirUpdateTimeAndDeletionsWithTheirIds() {
        Heard onB = new Heard(RecordsChanged.TOPIC);
        nodeB.cluster.addListener(onB, "test");
        Record created = nodeA.records.create(admin, "contact", Map.of("lastName", "Hopper"));
        Record changed = nodeA.records.update(admin, "contact", created.getId(), 1, Map.of("firstName", "Grace"));
        nodeA.records.delete(admin, "contact", created.getId(), 2);
        CoreFixture.await("node B hears three changes", () -> onB.notices.size() >= 3);
        List<RecordsChanged> heard = onB.notices.stream().map(n -> RecordsChanged.fromPayload(n.substring(RecordsChanged.TOPIC.length() + 1))).toList();
        assertEquals(new RecordsChanged("contact", created.getUpdatedAt(), List.of()), heard.get(0));
        assertEquals(new RecordsChanged("contact", changed.getUpdatedAt(), List.of()), heard.get(1));
        assertEquals(new RecordsChanged("contact", null, List.of(created.getId())), heard.get(2));
    }

    @Test
    void aBatchIsOneNotice() {
        Heard onB = new Heard(RecordsChanged.TOPIC, "acme.marker");
        nodeB.cluster.addListener(onB, "test");
        nodeA.records.createAll(admin, "contact", List.of(Map.of("lastName", "One"), Map.of("lastName", "Two"), Map.of("lastName", "Three")));
        nodeA.cluster.publish("acme.marker", "after the batch");
        CoreFixture.await("node B hears the marker sent after the batch", () -> onB.notices.contains("acme.marker:after the batch"));
        assertEquals(2, onB.notices.size(), onB.notices.toString());
    }

    @Test
    void sharedSettingsAreTheSameOnEveryNodeAndTheirChangesAreHeard() {
        SharedSettingsStore onA = new SharedSettingsStore(nodeA.database, nodeA.cluster);
        SharedSettingsStore onB = new SharedSettingsStore(nodeB.database, nodeB.cluster);
        Heard heard = new Heard("rapport.capabilities");
        nodeB.cluster.addListener(heard, "test");
        onA.put("rapport.capabilities", "rapport-loyalty", "installed 1.0.0");
        onA.put("rapport.capabilities", "rapport-loyalty", "installed 1.1.0");
        onA.put("rapport.capabilities", "rapport-sales", "uninstalled");
        onA.put("rapport.capabilities", "rapport-sales", null);
        assertEquals(Map.of("rapport-loyalty", "installed 1.1.0"), onB.get("rapport.capabilities"));
        CoreFixture.await("node B hears four changes", () -> heard.notices.size() >= 4);
        assertEquals("rapport.capabilities:rapport-loyalty", heard.notices.get(0));
    }

    @Test
    void aUserDeactivatedOrGivenANewPasswordOnOneNodeCanNoLongerSignInWithTheOldOnTheOther() {
        Actor bob = nodeA.user("bob", Set.of("sales"), Set.of());
        Actor carol = nodeA.user("carol", Set.of("sales"), Set.of());
        assertTrue(nodeB.users.authenticate("bob", "password-bob").isPresent(), "remembered by node B from now on");
        assertTrue(nodeB.users.authenticate("carol", "password-carol").isPresent());

        nodeA.users.updateUser(admin, bob.userId(), null, null, false, null, null);
        nodeA.users.setPassword(admin, carol.userId(), "a-new-password");
        CoreFixture.await("node B refuses bob", () -> nodeB.users.authenticate("bob", "password-bob").isEmpty());
        CoreFixture.await("node B refuses carol's old password", () -> nodeB.users.authenticate("carol", "password-carol").isEmpty());
        assertTrue(nodeB.users.authenticate("carol", "a-new-password").isPresent());
    }

    @Test
    void aNodeWhoseListeningConnectionIsCutIsNotReadyThenListensAgainAndIsToldItMayHaveMissedNotices() throws SQLException {
        Heard onB = new Heard("acme.prices");
        nodeB.cluster.addListener(onB, "test");
        CoreFixture.await("told once it is added", () -> !onB.missed.isEmpty());
        int told = onB.missed.size();
        Instant beforeCut = Instant.now();
        int pid = nodeB.cluster.listeningBackendPid();
        try (Connection c = pools.get(0).getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
        CoreFixture.await("node B notices the cut", () -> !nodeB.cluster.check().up() || onB.missed.size() > told);
        CoreFixture.await("node B listens again", () -> nodeB.cluster.isListening() && nodeB.cluster.listeningBackendPid() != pid);
        CoreFixture.await("and is told it may have missed notices", () -> onB.missed.size() > told);
        Instant since = onB.missed.get(onB.missed.size() - 1);
        assertFalse(since.isAfter(beforeCut), "missed since " + since + ", cut at " + beforeCut);
        assertTrue(nodeB.cluster.check().up());
        nodeA.cluster.publish("acme.prices", "after the cut");
        CoreFixture.await("node B hears again", () -> onB.notices.contains("acme.prices:after the cut"));
    }

    @Test
    void aCustomFieldAddedWhileANodeWasNotListeningIsReadAgainWhenItListensAgain() throws SQLException {
        int pid = nodeB.cluster.listeningBackendPid();
        // Cut B's listening connection and add the field before it listens again: the notice does not reach B.
        try (Connection c = pools.get(0).getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
        nodeA.metadata.addCustomField(admin, "contact", FieldDefinition.builder("nickname", FieldType.TEXT).label("Nickname").build());
        CoreFixture.await("node B knows the field after listening again", () -> nodeB.metadata.requireType("contact").field("nickname").isPresent());
        assertNotNull(nodeB.records.create(admin, "contact", Map.of("lastName", "Turing", "nickname", "Alan")).getId());
    }
}
