package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.search.SearchIndex;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Boots the real distribution in Pax Exam (one Karaf for the class) and exercises the platform's services from
 * inside, as a capability bundle would: records, custom fields, events after commit, and the REST API on its port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformServicesIT {
    private static final String HTTP_PORT = RapportExam.port(18181);
    private static final String ADMIN_PASSWORD = RapportExam.ADMIN_PASSWORD;
    private static final String API_DISPATCHER = "org.rapportcrm.platform.rest.internal.ApiDispatcher";

    @Inject
    private RecordService records;

    @Inject
    private MetadataService metadata;

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory shell;

    @Configuration
    public Option[] config() {
        return RapportExam.distribution(HTTP_PORT, RapportExam.port(18101));
    }

    @Test
    public void theStandardTypesAreServedAndEveryRapportBundleIsActive() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("rapport-platform")));
        assertTrue(metadata.types().stream().map(t -> t.getApiName()).toList().containsAll(List.of("account", "activity", "contact")));
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("org.rapportcrm.") && !isFragment(b)) {
                assertEquals(b.getSymbolicName() + " is active", Bundle.ACTIVE, b.getState());
            }
        }
    }

    @Test
    public void theEmbeddedDatabaseHasItsJdkPackagesWiredAndDoesNotLookThemUpWhileBundlesRestart() {
        Bundle derby = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("derby")).findFirst().orElseThrow();
        List<String> wiredToTheFramework = derby.adapt(BundleWiring.class).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE).stream()
                .filter(wire -> !PackageNamespace.RESOLUTION_DYNAMIC.equals(wire.getRequirement().getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE)))
                .filter(wire -> wire.getProvider().getBundle().getBundleId() == 0)
                .map(wire -> (String) wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))
                .toList();
        assertTrue(wiredToTheFramework.toString(), wiredToTheFramework.containsAll(List.of("javax.naming", "javax.naming.spi", "javax.sql", "org.osgi.framework")));
    }

    private static boolean isFragment(Bundle bundle) {
        return (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    @Test
    public void aRecordChangeIsHeardByListenersAfterItCommitted() throws Exception {
        BlockingQueue<RecordChange> received = new LinkedBlockingQueue<>();
        // The listener reads the record back: it must already be committed and visible.
        ServiceRegistration<RecordChangeListener> reg = context.registerService(RecordChangeListener.class, new RecordChangeListener() {
            @Override
            public Set<String> recordTypes() {
                return Set.of("account");
            }

            @Override
            public void onChange(RecordChange change) {
                records.get(Actor.system(), "account", change.record().getId());
                received.add(change);
            }
        }, null);
        try {
            Record account = records.create(Actor.system(), "account", Map.of("name", "Initech"));
            RecordChange created = received.poll(10, TimeUnit.SECONDS);
            assertEquals(RecordEvents.CREATED, created.kind());
            assertEquals(account.getId(), created.record().getId());
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void aCustomFieldAddedAtRuntimeIsStoredFilteredAndKeptWhenTheCoreRestarts() throws Exception {
        metadata.addCustomField(Actor.system(), "contact", FieldDefinition.builder("shoeSize", FieldType.INTEGER).label("Shoe size").build());
        records.create(Actor.system(), "contact", Map.of("lastName", "Bigfoot", "shoeSize", 52));
        records.create(Actor.system(), "contact", Map.of("lastName", "Smallfoot", "shoeSize", 36));

        Bundle core = List.of(context.getBundles()).stream().filter(b -> b.getSymbolicName().equals("org.rapportcrm.platform.core"))
                .findFirst().orElseThrow();
        core.stop();
        core.start();

        RecordService restarted = awaitService(RecordService.class);
        List<Record> big = restarted.query(Actor.system(), Query.of("contact").where(FilterExpression.parse("shoeSize ge 40"))).items();
        assertEquals(List.of("Bigfoot"), big.stream().map(r -> r.get("lastName")).toList());
        assertEquals(52L, big.get(0).get("shoeSize"));
    }

    @Test
    public void aTaskHandlerRegisteredInTheContainerRunsATaskScheduledInATransaction() throws Exception {
        BlockingQueue<TaskRun> runs = new LinkedBlockingQueue<>();
        ServiceRegistration<ScheduledTaskHandler> reg = context.registerService(ScheduledTaskHandler.class, new ScheduledTaskHandler() {
            @Override
            public String name() {
                return "itest.follow-up";
            }

            @Override
            public TaskOutcome run(TaskRun run) {
                runs.add(run);
                return TaskOutcome.done();
            }
        }, null);
        try {
            TaskScheduler scheduler = awaitService(TaskScheduler.class);
            RecordService recordService = awaitService(RecordService.class);
            Record account = recordService.inTransaction(() -> {
                Record created = recordService.create(Actor.system(), "account", Map.of("name", "Follow-up Ltd"));
                scheduler.schedule("itest.follow-up", "account-" + created.getId(), java.time.Instant.now(), Map.of("account", created.getId()));
                return created;
            });

            TaskRun run = runs.poll(30, TimeUnit.SECONDS);
            assertEquals("account-" + account.getId(), run.instanceId());
            assertEquals(Map.of("account", account.getId()), run.data());
            RapportExam.await(() -> scheduler.status("itest.follow-up", run.instanceId()).isEmpty(), "the done task is gone");
            assertTrue(scheduler.isRunning());
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void theGlobalSearchIsAnsweredFromTheFullTextIndexWhichSeesNewRecordsAtOnce() throws Exception {
        SearchIndex index = awaitService(SearchIndex.class);
        RapportExam.await(() -> index.covers("contact"), "the search index covers contacts");
        Record contact = records.create(Actor.system(), "contact", Map.of("firstName", "Théodore", "lastName", "Quennell"));

        // Without the accent and by the beginnings of two words: the database's prefix search would not find it.
        RapportExam.await(() -> records.search(Actor.system(), "theodore quenn", 5).stream().anyMatch(r -> r.getId().equals(contact.getId())),
                "the new contact is found");
        assertEquals(List.of(contact.getId()), index.find("contact", "quennell", 0, 5));
    }

    @Test
    public void theRestApiAnswersOnItsPortWithBasicAuthentication() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes());
        HttpResponse<String> health = awaitHttp(http, HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1/health")).build());
        assertEquals(200, health.statusCode());
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1/accounts"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Umbrella Corp\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(records.query(Actor.system(), Query.of("account").where(FilterExpression.parse("name eq 'Umbrella Corp'")))
                .items().size() == 1);
    }

    @Test
    public void whileAPartIsStartingTheNodeIsNotReadyAndWhatIsMissingIsTryAgainNotNotFound() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String api = "http://localhost:" + HTTP_PORT + "/api/v1";
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes());
        HttpRequest missing = HttpRequest.newBuilder(URI.create(api + "/not-installed-yet")).header("Authorization", auth).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(api + "/health/ready")).build();
        assertEquals(200, awaitHttp(http, ready).statusCode());
        assertEquals(404, http.send(missing, HttpResponse.BodyHandlers.ofString()).statusCode());

        ServiceRegistration<HealthCheck> starting = context.registerService(HealthCheck.class, new HealthCheck() {
            @Override
            public String name() {
                return "warming up";
            }

            @Override
            public HealthStatus check() {
                return HealthStatus.starting("loading the catalogue");
            }
        }, null);
        try {
            HttpResponse<String> health = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode());
            assertTrue(health.body(), health.body().contains("\"STARTING\"") && health.body().contains("loading the catalogue"));
            HttpResponse<String> later = http.send(missing, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, later.statusCode());
            assertEquals("5", later.headers().firstValue("Retry-After").orElse(""));
            HttpRequest live = HttpRequest.newBuilder(URI.create(api + "/health/live")).build();
            assertEquals(200, http.send(live, HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            starting.unregister();
        }
        assertEquals(200, http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, http.send(missing, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /**
     * The API component restarts when a service it needs comes back, say. Meanwhile its path is answered by the same
     * servlet with 503 and Retry-After: a servlet taken out of Pax Web leaves the path to the console's, whose 405 and
     * 404 pages a client cannot tell from the API's own answers.
     */
    @Test
    public void whileTheApiRestartsItsPathIsAnswered503ByTheSameServletNeverByAnotherPage() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String api = "http://localhost:" + HTTP_PORT + "/api/v1";
        HttpRequest ready = HttpRequest.newBuilder(URI.create(api + "/health/ready")).build();
        HttpRequest reset = HttpRequest.newBuilder(URI.create(api + "/invitations/passwordReset")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"portal\":\"customer\",\"email\":\"ann@example.com\"}")).build();
        assertEquals(200, awaitHttp(http, ready).statusCode());
        Object servlet = apiServletId();

        execute("scr:disable " + API_DISPATCHER);
        try {
            HttpResponse<String> meanwhile = http.send(reset, HttpResponse.BodyHandlers.ofString());
            long deadline = System.currentTimeMillis() + 30_000;
            while (meanwhile.statusCode() == 422 && System.currentTimeMillis() < deadline) { // SCR disables it in its own thread
                TimeUnit.MILLISECONDS.sleep(50);
                meanwhile = http.send(reset, HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(meanwhile.body(), 503, meanwhile.statusCode());
            assertEquals("application/problem+json", meanwhile.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertTrue(meanwhile.body(), meanwhile.body().contains("The API is not running"));
            assertEquals("5", meanwhile.headers().firstValue("Retry-After").orElse(""));
            HttpRequest live = HttpRequest.newBuilder(URI.create(api + "/health/live")).build();
            assertEquals(200, http.send(live, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(servlet, apiServletId());
        } finally {
            execute("scr:enable " + API_DISPATCHER);
        }
        assertEquals(200, awaitHttp(http, ready).statusCode());
        HttpResponse<String> after = http.send(reset, HttpResponse.BodyHandlers.ofString());
        assertTrue(after.body(), after.statusCode() == 422 && after.body().contains("notInstalled")); // the API's own answer
        assertEquals(servlet, apiServletId());
    }

    private Object apiServletId() throws Exception {
        var found = context.getServiceReferences("javax.servlet.Servlet", "(osgi.http.whiteboard.servlet.name=rapport-api)");
        assertEquals(1, found == null ? 0 : found.length);
        return found[0].getProperty("service.id");
    }

    @Test
    public void aRestResourceRegisteredByABundleIsServedAndDocumentedUntilItGoes() throws Exception {
        RestResource echo = new RestResource() {
            @Override
            public String path() {
                return "echo";
            }

            @Override
            public List<RestRoute> routes() {
                return List.of(RestRoute.get("{word}").summary("Says the word back")
                        .pathParameter("word", JsonSchema.string().maxLength(20), "what to say")
                        .queryParameter("times", JsonSchema.integer().minimum(1).maximum(3), false, "how often")
                        .response(200, "The word", JsonSchema.object().property("word", JsonSchema.string()).property("user", JsonSchema.string()))
                        .handler(ex -> ex.send(200, Map.of("word", ex.pathParameter("word").repeat(ex.query("times") == null ? 1
                                : Integer.parseInt(ex.query("times"))), "user", ex.actor().userName()))));
            }
        };
        RestResource legacy = new RestResource() {
            @Override
            public String path() {
                return "legacy-echo";
            }

            @Override
            @SuppressWarnings("deprecation")
            public void handle(RestExchange ex) throws java.io.IOException {
                ex.send(200, Map.of("segments", ex.pathSegments()));
            }
        };
        ServiceRegistration<RestResource> reg = context.registerService(RestResource.class, echo, null);
        ServiceRegistration<RestResource> legacyReg = context.registerService(RestResource.class, legacy, null);
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes());
        String api = "http://localhost:" + HTTP_PORT + "/api/v1";
        HttpRequest hello = HttpRequest.newBuilder(URI.create(api + "/echo/hello?times=2")).header("Authorization", auth).build();
        HttpResponse<String> answered = awaitHttp(http, hello);
        assertEquals(200, answered.statusCode());
        assertTrue(answered.body(), answered.body().contains("\"word\":\"hellohello\"") && answered.body().contains("\"user\":\"admin\""));
        HttpRequest tooOften = HttpRequest.newBuilder(URI.create(api + "/echo/hello?times=4")).header("Authorization", auth).build();
        assertEquals("the platform checks the declared parameter", 400, http.send(tooOften, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(api + "/echo/hello")).header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create(api + "/echo/hello")).build();
        assertEquals(401, http.send(anonymous, HttpResponse.BodyHandlers.ofString()).statusCode());
        String document = http.send(HttpRequest.newBuilder(URI.create(api + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue("documented", document.contains("\"/echo/{word}\"") && document.contains("Says the word back"));
        HttpRequest old = HttpRequest.newBuilder(URI.create(api + "/legacy-echo/a/b")).header("Authorization", auth).build();
        assertTrue("a resource without declared routes is still served", http.send(old, HttpResponse.BodyHandlers.ofString()).body()
                .contains("[\"a\",\"b\"]"));

        reg.unregister();
        legacyReg.unregister();
        assertEquals(404, http.send(hello, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, http.send(old, HttpResponse.BodyHandlers.ofString()).statusCode());
        String after = http.send(HttpRequest.newBuilder(URI.create(api + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue("no longer documented", !after.contains("\"/echo/{word}\""));
    }

    /**
     * The connection pool is the queue, and its wait is bounded: with every connection taken, an API call is answered
     * 503 with Retry-After once the pool's wait is over, instead of waiting without limit; then normally again.
     */
    @Test
    public void aCallThatGetsNoDatabaseConnectionInTimeIsAnswered503WithRetryAfter() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes());
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1/contacts?limit=1"))
                .header("Authorization", auth).build();
        assertEquals(200, awaitHttp(http, list).statusCode()); // and the password check is remembered
        DataSource pool = context.getService(context.getServiceReferences(DataSource.class, "(osgi.jndi.service.name=rapportds)")
                .iterator().next());
        List<Connection> taken = new ArrayList<>();
        ExecutorService borrower = Executors.newSingleThreadExecutor();
        try {
            while (true) {
                Future<Connection> next = borrower.submit(() -> pool.getConnection());
                try {
                    taken.add(next.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertTrue(e.getCause().toString(), e.getCause() instanceof SQLException);
                    break; // the pool's wait ran out
                } catch (TimeoutException e) {
                    throw new AssertionError("The pool's wait for a connection has no limit");
                }
            }
            HttpResponse<String> busy = http.send(list, HttpResponse.BodyHandlers.ofString());
            assertEquals(busy.body(), 503, busy.statusCode());
            assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
            assertTrue(busy.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(busy.body(), busy.body().contains("\"status\":503"));
        } finally {
            for (Connection c : taken) {
                c.close();
            }
            borrower.shutdownNow();
        }
        assertEquals(200, http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    public void theShellListsTypesCreatesUsersAndReportsHealth() throws Exception {
        String types = execute("rapport:types");
        assertTrue(types, types.contains("/api/v1/contacts"));
        String created = execute("rapport:user-create --role marketing shelly shelly-password");
        assertTrue(created, created.contains("Created user shelly") && created.contains("marketing"));
        String refused = execute("rapport:user-create x short");
        assertTrue(refused, refused.contains("Error: password"));
        long contactsBefore = records.count(Actor.system(), "contact", null);
        String generated = execute("rapport:generate --accounts 20 --contacts 150 --activities 300 --seed 7");
        assertTrue(generated, generated.contains("Generated 470 records"));
        assertEquals(contactsBefore + 150, records.count(Actor.system(), "contact", null));
        String refusedGenerate = execute("rapport:generate --accounts 0");
        assertTrue(refusedGenerate, refusedGenerate.contains("Error: give at least one account"));
        String health = execute("rapport:health");
        assertTrue(health, health.contains("Status: UP") && health.contains("Administrator: set up"));
    }

    private String execute(String command) throws Exception {
        return RapportExam.execute(shell, command);
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            var ref = context.getServiceReference(type);
            if (ref != null) {
                T service = context.getService(ref);
                if (service != null) {
                    return service;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError(type.getSimpleName() + " did not come back within 30 s");
    }

    private static HttpResponse<String> awaitHttp(HttpClient http, HttpRequest request) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 || System.currentTimeMillis() > deadline) {
                    return r;
                }
            } catch (java.io.IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
