package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Two nodes started from the distribution on one PostgreSQL, as the README's cluster section says (each its own
 * folder, ports and node name, the DataSource pointing at the shared database): what an administrator or a user does on
 * one is in force on the other without a restart, and an import whose node is killed is finished by the other, every row
 * exactly once. Runs where {@code RAPPORT_TEST_POSTGRES_URL} names a PostgreSQL database (.ci/run sets it), each run in a
 * schema of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String URL_VARIABLE = "RAPPORT_TEST_POSTGRES_URL";
    /** The targets: another node sees a change within this time. */
    private static final Duration IN_FORCE = Duration.ofSeconds(2);
    private static String url;
    private static String schema;
    private static RapportServer.Running nodeA;
    private static RapportServer.Running nodeB;
    private static RestClient onA;
    private static RestClient onB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        url = System.getenv(URL_VARIABLE);
        Assumptions.assumeTrue(url != null && url.startsWith("jdbc:postgresql:"), "Two nodes need a shared PostgreSQL: set " + URL_VARIABLE
                + " to jdbc:postgresql://host:5432/<database>?user=..&password=.. (.ci/run does) to run this test");
        schema = "cluster_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
        String dataSource = "osgi.jdbc.driver.name=PostgreSQL JDBC Driver\n"
                + "url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&tcpKeepAlive=true\n"
                + "dataSourceName=rapportds\npool=dbcp2\nxa=false\njdbc.pool.maxTotal=16\n";
        Map<String, String> etc = Map.of("org.ops4j.datasource-rapport.cfg", dataSource);
        // Started together, as a cluster often is: both find the empty schema and must not trip over each other.
        CompletableFuture<RapportServer.Running> a = CompletableFuture.supplyAsync(() -> RapportServer.startNode("node-a", etc));
        CompletableFuture<RapportServer.Running> b = CompletableFuture.supplyAsync(() -> RapportServer.startNode("node-b", etc));
        nodeA = a.join();
        nodeB = b.join();
        onA = new RestClient(nodeA.server).basic("admin", RapportServer.ADMIN_PASSWORD);
        onB = new RestClient(nodeB.server).basic("admin", RapportServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopBoth() throws SQLException {
        for (RapportServer.Running node : new RapportServer.Running[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (schema != null) {
            sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    @Order(1)
    void aCustomFieldAddedOnOneNodeIsUsedThroughTheOther() {
        Response added = onA.post("/metadata/contact/fields", Map.of("apiName", "shoeSize", "label", "Shoe size", "type", "INTEGER"));
        assertEquals(201, added.status(), added.body().toString());

        Response created = within("node B accepts the new field", IN_FORCE,
                () -> onB.post("/contacts", Map.of("lastName", "Field", "shoeSize", 42)), r -> r.status() == 201);
        assertEquals(42, onA.get("/contacts/" + created.body().path("id").asText()).body().path("shoeSize").asInt());
        assertTrue(names(onB.get("/metadata/contact").body().path("fields")).contains("shoeSize"));
    }

    @Test
    @Order(2)
    void aFieldMadeIndexedAndSearchableOnOneNodeIsBuiltOnceAndInForceOnTheOther() {
        assertEquals(201, onA.post("/metadata/contact/fields", Map.of("apiName", "guild", "label", "Guild", "type", "TEXT")).status());
        String guild = "Plumbers" + suffix();
        String id = onA.post("/contacts", Map.of("lastName", "Member", "guild", guild)).body().path("id").asText();

        Response switched = onA.patch("/metadata/contact/fields/guild", null, Map.of("indexed", true, "searchable", true));
        assertEquals(200, switched.status(), switched.body().toString());
        within("node B has the field indexed and searchable", Duration.ofSeconds(60), () -> onB.get("/metadata/contact"), r -> {
            for (com.fasterxml.jackson.databind.JsonNode f : r.body().path("fields")) {
                if (f.path("apiName").asText().equals("guild")) {
                    return f.path("indexed").asBoolean() && f.path("searchable").asBoolean();
                }
            }
            return false;
        });
        within("node B finds the contact by it", Duration.ofSeconds(60), () -> onB.get("/search?q=" + guild.toLowerCase()),
                r -> r.body().toString().contains(id));
    }

    @Test
    @Order(3)
    void aContactCreatedOnOneNodeIsFoundBySearchOnTheOther() {
        // The first search on a freshly started node warms it up: not what the target is about.
        String warmUp = "Warmup" + suffix();
        assertEquals(201, onA.post("/contacts", Map.of("lastName", warmUp)).status());
        within("node B finds the first contact", Duration.ofSeconds(30), () -> onB.get("/search?q=" + warmUp), r -> found(r, warmUp));

        String name = "Quenby" + suffix();
        String id = onA.post("/contacts", Map.of("firstName", "Ada", "lastName", name)).body().path("id").asText();
        within("node B finds it by search", IN_FORCE, () -> onB.get("/search?q=" + name), r -> found(r, name));

        Response gone = onA.delete("/contacts/" + id, "\"1\"");
        assertEquals(204, gone.status());
        within("node B no longer finds it", IN_FORCE, () -> onB.get("/search?q=" + name), r -> r.status() == 200 && !found(r, name));
    }

    @Test
    @Order(4)
    void aCapabilityInstalledOnOneNodeIsInstalledOnTheOtherAndSoIsItsRemoval() {
        assertEquals(false, onB.get("/admin/capabilities/rapport-loyalty").body().path("installed").asBoolean());
        Response installed = onA.post("/admin/capabilities/rapport-loyalty", Map.of());
        assertEquals(201, installed.status(), installed.body().toString());

        within("node B runs it", Duration.ofSeconds(60), () -> onB.get("/admin/capabilities/rapport-loyalty"),
                r -> r.body().path("installed").asBoolean() && "ACTIVE".equals(r.body().path("state").asText()));
        within("node B serves its record type", Duration.ofSeconds(30), () -> onB.get("/metadata/pointsEntry"), r -> r.status() == 200);

        assertEquals(204, onB.send("DELETE", "/admin/capabilities/rapport-loyalty").status());
        within("node A removed it too", Duration.ofSeconds(60), () -> onA.get("/admin/capabilities/rapport-loyalty"),
                r -> !r.body().path("installed").asBoolean());
    }

    @Test
    @Order(5)
    void aNotificationStoredOnOneNodeArrivesLiveOnAStreamOfTheOther() throws Exception {
        assertEquals(201, onA.post("/admin/capabilities/rapport-collaboration", Map.of()).status());
        within("node B serves notifications", Duration.ofSeconds(60), () -> onB.get("/notifications/count"), r -> r.status() == 200);
        String name = "listener" + suffix();
        Response user = onA.post("/users", Map.of("userName", name, "displayName", "Listener", "password", "listener-password",
                "roles", List.of("sales")));
        assertEquals(201, user.status(), user.body().toString());
        String account = onA.post("/accounts", Map.of("name", "Across nodes " + suffix())).body().path("id").asText();
        try (EventStream onNodeB = new EventStream(nodeB.server.baseUrl + "/api/v1/notifications/stream", name, "listener-password", null)) {
            assertEquals(200, onNodeB.status);
            long start = System.nanoTime();
            Response post = onA.post("/accounts/" + account + "/feed", Map.of("text",
                    "On node A, @[Listener](user:" + user.body().path("id").asText() + ")"));
            assertEquals(201, post.status(), post.body().toString());
            EventStream.Event event = onNodeB.next(Duration.ofSeconds(10));
            assertTrue(event != null && event.data().contains("mentioned you"), "the mention stored on node A reached node B's stream");
            System.out.printf("cluster: a mention posted on node A arrived on node B's stream %.1f ms after the post was sent%n",
                    (event.receivedNanos() - start) / 1e6);
        }
    }

    @Test
    @Order(6)
    void anImportWhoseNodeIsKilledIsFinishedByTheOtherEveryRowExactlyOnce() {
        int rows = 30_000;
        String run = "run" + suffix();
        StringBuilder csv = new StringBuilder("firstName,lastName,email,title\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("Row").append(i).append(",Import").append(i).append(',').append("row").append(i).append('@').append(run)
                    .append(".example.com,").append(run).append('\n');
        }
        Response job = onA.raw("POST", "/contacts/bulk", "text/csv", csv.toString());
        assertEquals(202, job.status(), job.body().toString());
        String jobPath = "/jobs/" + job.body().path("id").asText();

        // Killed once node A has committed a batch or more, and before it is through.
        JsonNode running = within("node A runs the import", Duration.ofSeconds(60), () -> onA.get(jobPath),
                r -> r.body().path("processed").asLong() > 0).body();
        assertTrue(running.path("processed").asLong() < rows, "node A imported everything before it could be killed: " + running);
        nodeA.kill();
        long killedAt = System.nanoTime();
        System.out.printf("cluster: node A killed after %,d of %,d rows%n", running.path("processed").asLong(), rows);

        JsonNode done = within("node B finishes the import", Duration.ofSeconds(180), () -> onB.get(jobPath),
                r -> "COMPLETED".equals(r.body().path("status").asText())).body();
        System.out.printf("cluster: node B finished the import %.1f s after node A was killed%n", (System.nanoTime() - killedAt) / 1e9);
        assertEquals(rows, done.path("created").asLong(), done.toString());
        assertEquals(0, done.path("failed").asLong(), done.toString());
        JsonNode imported = onB.get("/contacts?count=true&limit=1&filter=" + RestClient.q("title eq '" + run + "'")).body();
        assertEquals(rows, imported.path("total").asLong(), "every row exactly once");
        assertEquals(200, new RestClient(nodeB.server).get("/health/ready").status(), "node B stays ready without node A");
    }

    /** Calls {@code request} until {@code done} holds, failing after {@code deadline}; prints how long it took. */
    private static Response within(String what, Duration deadline, Supplier<Response> request, java.util.function.Predicate<Response> done) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        Response last;
        do {
            last = request.get();
            if (done.test(last)) {
                System.out.printf("cluster: %s after %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return last;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        } while (System.nanoTime() < end);
        throw new AssertionError(what + ": not within " + deadline.toMillis() + " ms; last answer " + last.status() + " " + last.body());
    }

    private static boolean found(Response search, String name) {
        return search.status() == 200 && search.body().toString().contains(name);
    }

    private static List<String> names(JsonNode fields) {
        List<String> names = new java.util.ArrayList<>();
        fields.forEach(f -> names.add(f.path("apiName").asText()));
        return names;
    }

    private static String suffix() {
        return Long.toString(System.nanoTime(), 36);
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
