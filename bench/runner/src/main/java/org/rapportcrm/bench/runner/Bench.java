package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rapportcrm.bench.probe.internal.ContactData;

/**
 * The benchmark harness ({@code mvn -Pbench verify -Dbench.records=N}): unpacks and boots the built distribution,
 * drops the probe bundle into it, runs each scenario after a warm-up, prints a table and writes the figures as JSON.
 * It prints figures; it asserts nothing.
 */
public final class Bench {
    private static final long SEED = 42;
    private static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final long WARMUP_ROWS_FIRST = 900_000_000L;
    private static final long CREATE_ROWS_FIRST = 800_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final long records = Long.getLong("bench.records", 1_000_000);
    private final int clients = Integer.getInteger("bench.clients", 4);
    private final Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 5));
    private final Duration duration = Duration.ofSeconds(Long.getLong("bench.duration", 15));
    private final String javaOpts = System.getProperty("bench.javaOpts", "-Xms256m -Xmx1g");
    private final Path distribution = Path.of(System.getProperty("bench.distribution")).toAbsolutePath().normalize();
    private final Path probe = Path.of(System.getProperty("bench.probe")).toAbsolutePath().normalize();
    private final Path workDir = Path.of(System.getProperty("bench.workDir", "target/bench")).toAbsolutePath().normalize();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String[]> table = new ArrayList<>();
    private final Map<String, Double> maxRss = new ConcurrentHashMap<>();
    private final Map<String, Object> loads = new LinkedHashMap<>();
    private volatile String phase = "boot";
    private Server server;

    public static void main(String[] args) throws Exception {
        int status = new Bench().run();
        System.exit(status);
    }

    private int run() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("records", records);
        config.put("clients", clients);
        config.put("warmupSeconds", warmup.toSeconds());
        config.put("durationSeconds", duration.toSeconds());
        config.put("serverJavaOpts", javaOpts);
        config.put("clientJava", System.getProperty("java.version") + " " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB heap");
        config.put("cores", Runtime.getRuntime().availableProcessors());
        config.put("distribution", distribution.toString());
        config.put("startedAt", Instant.now().toString());
        results.put("config", config);
        results.put("loadAverage", loads);
        System.out.printf("bench: N=%,d contacts, %d clients, warm-up %d s, measure %d s, server EXTRA_JAVA_OPTS=\"%s\"%n", records,
                clients, warmup.toSeconds(), duration.toSeconds(), javaOpts);

        double distMb = Files.size(distribution) / (1024.0 * 1024.0);
        results.put("distributionTarGzMb", Load.round(distMb));
        row("5 footprint", "distribution tar.gz", fmt(distMb) + " MB", "");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("RAPPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("EXTRA_JAVA_OPTS", javaOpts);
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        env.put("JAVA_HOME", Files.isDirectory(jdk17) ? jdk17.toString() : System.getProperty("bench.javaHome", System.getProperty("java.home")));
        server = Server.unpack(distribution, workDir, env);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("bench: server in " + server.home + " on " + server.baseUrl);
        Map<String, Object> footprint = new LinkedHashMap<>();
        results.put("footprint", footprint);
        try {
            double boot = server.start(Duration.ofSeconds(180));
            footprint.put("firstBootToHealthySeconds", Load.round(boot));
            row("5 footprint", "boot to healthy, first start", fmt(boot) + " s", "fresh unpacked distribution");
            TimeUnit.SECONDS.sleep(5);
            double idle = server.rssMb();
            footprint.put("idleRssAfterBootMb", Load.round(idle));
            row("5 footprint", "idle RSS 5 s after first boot", fmt(idle) + " MB", "VmRSS of the Karaf JVM");
            startRssSampler();

            installProbe();
            scenario("1 bulk import", this::bulkImport);
            List<String> ids = sampleIds();
            scenario("3 reads", () -> reads(ids));
            scenario("4 search", this::search);
            scenario("plans", this::plans); // before the creates add rows
            scenario("2 create", this::creates);

            phase = "restart";
            long stopStart = System.nanoTime();
            server.close();
            footprint.put("stopSeconds", Load.round((System.nanoTime() - stopStart) / 1e9));
            double restart = server.start(Duration.ofSeconds(300));
            footprint.put("restartToHealthySeconds", Load.round(restart));
            row("5 footprint", "boot to healthy, restart", fmt(restart) + " s", String.format("with %,d contacts in Derby", contactCount()));
            TimeUnit.SECONDS.sleep(5);
            double idle2 = server.rssMb();
            footprint.put("idleRssAfterRestartMb", Load.round(idle2));
            row("5 footprint", "idle RSS 5 s after restart", fmt(idle2) + " MB", "");
            footprint.put("maxRssByPhaseMb", new LinkedHashMap<>(maxRss));
        } finally {
            server.close();
        }
        results.put("finishedAt", Instant.now().toString());
        printTable();
        Path out = workDir.resolve("bench-results-N" + records + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String[] r : table) {
            rows.add(Map.of("scenario", r[0], "measure", r[1], "value", r[2], "note", r[3]));
        }
        results.put("table", rows);
        JSON.writeValue(out.toFile(), results);
        System.out.println("bench results: " + out.toAbsolutePath());
        return 0;
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A scenario that fails is reported and the others still run: the harness measures, it does not judge. */
    private void scenario(String name, Step step) {
        phase = name;
        String before = loadAverage();
        System.out.println("bench: " + name + " ... (load average " + before + ")");
        try {
            step.run();
            String after = loadAverage();
            loads.put(name, Map.of("before", before, "after", after));
            row(name, "machine load average (1/5/15 min) before / after", before + " / " + after, "2 cores: above 2 means contention");
        } catch (Exception | AssertionError e) {
            System.out.println("bench: " + name + " failed: " + e);
            e.printStackTrace(System.out);
            results.put("error " + name, e.toString());
            row(name, "FAILED", e.toString(), "");
        }
    }

    private void startRssSampler() {
        Thread t = new Thread(() -> {
            while (true) {
                double rss = server.rssMb();
                if (rss > 0) {
                    maxRss.merge(phase, Load.round(rss), Math::max);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        t.setDaemon(true);
        t.start();
    }

    // ---- probe ----

    private void installProbe() throws Exception {
        Path deploy = server.home.resolve("deploy");
        Files.createDirectories(deploy);
        Files.copy(probe, deploy.resolve(probe.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (status(get("/bench/bare/ping", false)) == 200 && status(get("/api/v1/bench-probe", true)) == 200) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("bench: probe bundle answering %.1f s after it was copied to deploy/%n", s);
                results.put("probeInstallSeconds", Load.round(s));
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("The probe bundle did not answer within 90 s; see " + server.home.resolve("data/log/karaf.log"));
    }

    private Map<String, Object> jdbcInsert(long rows) throws Exception {
        return jdbcInsert(rows, "full");
    }

    private Map<String, Object> jdbcInsert(long rows, String shape) throws Exception {
        HttpResponse<String> r = send(request("/api/v1/bench-probe/jdbc-insert?rows=" + rows + "&seed=" + SEED + "&shape=" + shape, true)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("probe jdbc-insert: HTTP " + r.statusCode() + " " + r.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(300, rows / 100));
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
            JsonNode s = JSON.readTree(get("/api/v1/bench-probe/jdbc-insert", true).body());
            String state = s.path("state").asText();
            if (state.equals("COMPLETED")) {
                return JSON.convertValue(s, Map.class);
            }
            if (state.equals("FAILED")) {
                throw new IllegalStateException("probe jdbc-insert failed: " + s);
            }
        }
        throw new IllegalStateException("probe jdbc-insert did not finish in time");
    }

    // ---- 1: bulk import ----

    private void bulkImport() throws Exception {
        long warm = Math.min(5_000, Math.max(1_000, records / 20));
        System.out.printf("bench: warm-up: raw JDBC insert and import of %,d contacts%n", warm);
        jdbcInsert(warm);
        Map<String, Object> warmImport = importContacts(WARMUP_ROWS_FIRST, warm);
        Map<String, Object> jdbc = jdbcInsert(records);
        double jdbcRate = ((Number) jdbc.get("rowsPerSecond")).doubleValue();
        System.out.printf("bench: raw JDBC batch insert: %,.0f rows/s (%.1f s)%n", jdbcRate, ((Number) jdbc.get("seconds")).doubleValue());
        Map<String, Object> imp = importContacts(1, records);
        double rate = (double) imp.get("recordsPerSecond");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmupImport", warmImport);
        m.put("import", imp);
        m.put("rawJdbcBatchInsert", jdbc);
        m.put("ratioToRawJdbc", Load.round(rate / jdbcRate * 1000) / 1000.0);
        results.put("bulkImport", m);
        row("1 bulk import", String.format("POST /contacts/bulk CSV, %,d rows", records), String.format("%,.0f records/s", rate),
                String.format("%.1f s total (upload %.1f s); %.3fx raw JDBC", imp.get("seconds"), imp.get("uploadSeconds"), rate / jdbcRate));
        row("1 bulk import", "raw JDBC batch insert (probe)", String.format("%,.0f rows/s", jdbcRate),
                String.format("batches of %s, scratch copy of rec_contact with its indexes", jdbc.get("batchSize")));
        long m2 = Math.min(records, 50_000);
        Map<String, Object> shapes = new LinkedHashMap<>();
        for (String shape : List.of("full", "noSecondaryIndexes", "plain")) {
            Map<String, Object> s = jdbcInsert(m2, shape);
            shapes.put(shape, s);
            row("1 bulk import", String.format("raw JDBC, %,d rows, table %s", m2, shape), String.format("%,.0f rows/s",
                    ((Number) s.get("rowsPerSecond")).doubleValue()), "where the insert cost goes: indexes, generated columns");
        }
        m.put("rawJdbcByTableShape", shapes);
        @SuppressWarnings("unchecked")
        List<double[]> samples = (List<double[]>) imp.remove("progressSamples");
        imp.put("rateByTenth", rateByTenth(samples, records));
        row("1 bulk import", "import rate by tenth of the rows", String.valueOf(imp.get("rateByTenth")), "records/s; shows slow-down as the table grows");
    }

    private Map<String, Object> importContacts(long firstRow, long rows) throws Exception {
        CsvStream probeSize = new CsvStream(firstRow, Math.min(rows, 1000), SEED);
        long sampleBytes = probeSize.readAllBytes().length;
        HttpRequest req = request("/api/v1/contacts/bulk", true).header("Content-Type", "text/csv")
                .timeout(Duration.ofHours(2))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new CsvStream(firstRow, rows, SEED))).build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(req);
        long t202 = System.nanoTime();
        if (r.statusCode() != 202) {
            throw new IllegalStateException("bulk import: HTTP " + r.statusCode() + " " + r.body());
        }
        String location = r.headers().firstValue("Location").orElseThrow();
        List<double[]> samples = new ArrayList<>();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(600, rows / 100));
        long lastPrint = t0;
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = JSON.readTree(get(location, true).body());
            long now = System.nanoTime();
            samples.add(new double[] {(now - t0) / 1e9, job.path("processed").asDouble()});
            String status = job.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                break;
            }
            if (now - lastPrint > TimeUnit.SECONDS.toNanos(15)) {
                lastPrint = now;
                System.out.printf("bench:   import %,d / %,d rows after %.0f s%n", job.path("processed").asLong(), rows, (now - t0) / 1e9);
            }
            TimeUnit.MILLISECONDS.sleep(rows > 100_000 ? 500 : 100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (job == null || !job.path("status").asText().equals("COMPLETED")) {
            throw new IllegalStateException("import did not complete: " + job);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("csvBytesEstimate", sampleBytes * rows / Math.min(rows, 1000));
        m.put("created", job.path("created").asLong());
        m.put("failed", job.path("failed").asLong());
        m.put("seconds", Load.round(seconds));
        m.put("uploadSeconds", Load.round((t202 - t0) / 1e9));
        m.put("recordsPerSecond", Load.round(job.path("created").asLong() / seconds));
        Double serverSeconds = between(job.path("startedAt"), job.path("finishedAt"));
        if (serverSeconds != null) {
            m.put("jobRunSeconds", Load.round(serverSeconds));
            m.put("jobRunRecordsPerSecond", Load.round(job.path("created").asLong() / serverSeconds));
        }
        m.put("job", JSON.convertValue(job, Map.class));
        m.put("progressSamples", samples);
        System.out.printf("bench: import of %,d rows: %,d created, %,d refused in %.1f s%n", rows, job.path("created").asLong(),
                job.path("failed").asLong(), seconds);
        return m;
    }

    private static Double between(JsonNode a, JsonNode b) {
        Instant x = instant(a);
        Instant y = instant(b);
        return x == null || y == null ? null : Duration.between(x, y).toNanos() / 1e9;
    }

    private static Instant instant(JsonNode n) {
        if (n.isTextual()) {
            return Instant.parse(n.asText());
        }
        if (n.isNumber()) {
            double v = n.asDouble();
            return v > 1e11 ? Instant.ofEpochMilli((long) v) : Instant.ofEpochSecond((long) v, (long) ((v % 1) * 1e9));
        }
        return null;
    }

    /** Records/s in each tenth of the rows, from the polled progress. */
    private static List<Long> rateByTenth(List<double[]> samples, long rows) {
        List<Long> rates = new ArrayList<>();
        double lastT = 0;
        double lastP = 0;
        int tenth = 1;
        for (double[] s : samples) {
            while (tenth <= 10 && s[1] >= rows * tenth / 10.0) {
                rates.add(Math.round((s[1] - lastP) / Math.max(1e-3, s[0] - lastT)));
                lastT = s[0];
                lastP = s[1];
                tenth++;
            }
        }
        return rates;
    }

    // ---- 3: reads ----

    private List<String> sampleIds() throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (String sort : List.of("id", "-id")) {
            String cursor = null;
            for (int page = 0; page < 3; page++) {
                JsonNode body = JSON.readTree(get("/api/v1/contacts?limit=1000&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor), true).body());
                body.path("items").forEach(i -> ids.add(i.path("id").asText()));
                cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
                if (cursor == null) {
                    break;
                }
            }
        }
        System.out.printf("bench: %,d contact ids sampled (first and last pages by id: UUIDs, so spread over the table)%n", ids.size());
        results.put("sampledIds", ids.size());
        return new ArrayList<>(ids);
    }

    private void reads(List<String> ids) throws Exception {
        phase = "3 reads";
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("reads", m);
        String recordBody = get("/api/v1/contacts/" + ids.get(0), true).body();
        Load.Result byId = Load.run("read-by-id", clients, warmup, duration, 200,
                (c, n, rnd) -> request("/api/v1/contacts/" + ids.get(rnd.nextInt(ids.size())), true).GET().build());
        compareWithBare(m, "read by id", "GET /contacts/{id}", byId, recordBody);

        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("list lastName sw 'Sch', sort lastName", "filter=" + q("lastName sw 'Sch'") + "&sort=lastName&limit=50");
        lists.put("list country eq 'Germany', sort lastName", "filter=" + q("country eq 'Germany'") + "&sort=lastName&limit=50");
        lists.put("list first page, default sort (id)", "limit=50");
        lists.put("list lastName eq 'Weber', sort -updatedAt", "filter=" + q("lastName eq 'Weber'") + "&sort=-updatedAt&limit=50");
        for (Map.Entry<String, String> e : lists.entrySet()) {
            String path = "/api/v1/contacts?" + e.getValue();
            HttpResponse<String> first = get(path, true);
            if (first.statusCode() != 200) {
                throw new IllegalStateException(path + ": HTTP " + first.statusCode() + " " + first.body());
            }
            long total = JSON.readTree(get(path + "&count=true", true).body()).path("total").asLong(-1);
            Load.Result list = Load.run(e.getKey(), clients, warmup, duration, 200, (c, n, rnd) -> request(path, true).GET().build());
            Map<String, Object> entry = compareWithBare(m, e.getKey(), "GET /contacts?" + e.getValue(), list, first.body());
            entry.put("matchingRows", total);
        }
        m.put("rssUnderLoadMaxMb", maxRss.get("3 reads"));
        row("5 footprint", "max RSS under load (scenario 3)", fmt(maxRss.getOrDefault("3 reads", -1.0)) + " MB", "sampled every 250 ms");
    }

    private Map<String, Object> compareWithBare(Map<String, Object> m, String name, String request, Load.Result api, String body)
            throws Exception {
        String key = name.replaceAll("[^a-zA-Z0-9]+", "-");
        HttpResponse<String> put = send(request("/bench/bare/" + key, false).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (put.statusCode() != 204) {
            throw new IllegalStateException("bare servlet PUT: HTTP " + put.statusCode());
        }
        Load.Result bare = Load.run("bare " + name, clients, warmup, duration, 200, (c, n, rnd) -> request("/bench/bare/" + key, false).GET().build());
        double ratio = api.perSecond() / bare.perSecond();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("request", request);
        entry.put("api", api.toMap());
        entry.put("bareServlet", bare.toMap());
        entry.put("throughputRatioToBare", Load.round(ratio * 1000) / 1000.0);
        m.put(name, entry);
        row("3 reads", name + " (" + clients + " clients)", latency(api),
                String.format("%,.0f req/s, %,d B; bare %,.0f req/s (p50 %.2f ms): %.2fx%s", api.perSecond(), api.avgBytes(),
                        bare.perSecond(), bare.p50(), ratio, errors(api)));
        return entry;
    }

    // ---- 4: search ----

    private void search() throws Exception {
        List<String> fragments = List.of("schm", "anna", "weber", "lars", "anna schm", "mül", "sofia.k", "gar");
        Load.Result r = Load.run("search", 1, warmup, duration, 200,
                (c, n, rnd) -> request("/api/v1/search?q=" + q(fragments.get((int) (n % fragments.size()))), true).GET().build());
        Map<String, Object> m = new LinkedHashMap<>(r.toMap());
        m.put("queries", fragments);
        results.put("search", m);
        row("4 search", "GET /search?q= (1 client)", latency(r), String.format("%,.1f req/s over %d queries; q rotates %s%s", r.perSecond(),
                r.requests(), fragments, errors(r)));
    }

    // ---- 2: single creates ----

    private void creates() throws Exception {
        AtomicLong next = new AtomicLong(CREATE_ROWS_FIRST);
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("create", m);
        for (int n : List.of(1, 8)) {
            Load.Result r = Load.run("create-" + n, n, warmup, duration, 201, (c, i, rnd) -> {
                ContactData d = ContactData.of(next.getAndIncrement(), SEED);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("firstName", d.firstName);
                body.put("lastName", d.lastName);
                body.put("email", d.email);
                body.put("phone", d.phone);
                body.put("title", d.title);
                body.put("department", d.department);
                body.put("city", d.city);
                body.put("country", d.country);
                body.put("birthdate", d.birthdate.toString());
                try {
                    return request("/api/v1/contacts", true).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            m.put(n + " clients", r.toMap());
            row("2 create", "POST /contacts, " + n + (n == 1 ? " client" : " clients"), String.format("%,.0f records/s", r.perSecond()),
                    latency(r) + errors(r));
        }
    }

    // ---- query plans ----

    private void plans() throws Exception {
        Map<String, Object[]> queries = new LinkedHashMap<>();
        String esc = " ESCAPE '\\'";
        queries.put("list lastName sw 'Sch', sort lastName", new Object[] {
            "SELECT * FROM rec_contact WHERE f_last_name_lc LIKE ?" + esc + " ORDER BY f_last_name ASC, id ASC FETCH FIRST 51 ROWS ONLY", "sch%"});
        queries.put("list country eq 'Germany', sort lastName", new Object[] {
            "SELECT * FROM rec_contact WHERE f_country = ? ORDER BY f_last_name ASC, id ASC FETCH FIRST 51 ROWS ONLY", "Germany"});
        queries.put("list first page, default sort (id)", new Object[] {
            "SELECT * FROM rec_contact WHERE 1=1 ORDER BY id ASC FETCH FIRST 51 ROWS ONLY"});
        queries.put("list lastName eq 'Weber', sort -updatedAt", new Object[] {
            "SELECT * FROM rec_contact WHERE f_last_name = ? ORDER BY updated_at DESC, id DESC FETCH FIRST 51 ROWS ONLY", "Weber"});
        queries.put("search one word (contact part of /search)", new Object[] {
            "SELECT * FROM rec_contact WHERE f_first_name_lc LIKE ?" + esc + " OR f_last_name_lc LIKE ?" + esc + " OR f_email_lc LIKE ?" + esc
                    + " ORDER BY f_last_name, id FETCH FIRST 5 ROWS ONLY", "schm%", "schm%", "schm%"});
        queries.put("search lastName prefix alone, ordered by name", new Object[] {
            "SELECT * FROM rec_contact WHERE f_last_name_lc LIKE ?" + esc + " ORDER BY f_last_name, id FETCH FIRST 5 ROWS ONLY", "schm%"});
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("queryPlans", m);
        for (Map.Entry<String, Object[]> e : queries.entrySet()) {
            Object[] q = e.getValue();
            Map<String, Object> body = Map.of("sql", q[0], "params", List.of(q).subList(1, q.length));
            HttpResponse<String> r = send(request("/api/v1/bench-probe/explain", true).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
            JsonNode plan = JSON.readTree(r.body());
            String summary = summarise(plan.path("plan").asText(""));
            Map<String, Object> entry = new LinkedHashMap<>(JSON.convertValue(plan, Map.class));
            entry.put("summary", summary);
            m.put(e.getKey(), entry);
            row("plans", e.getKey(), fmt(plan.path("millis").asDouble()) + " ms", summary);
        }
    }

    /** The access paths of a Derby plan: which table or index is scanned, rows visited, rows sorted. */
    private static String summarise(String plan) {
        List<String> parts = new ArrayList<>();
        String[] lines = plan.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.startsWith("Index Scan ResultSet for") || l.startsWith("Table Scan ResultSet for")
                    || l.startsWith("Index Row to Base Row ResultSet") && false) {
                parts.add(l.replace(" ResultSet for", "").replaceAll(" at (read committed|serializable|repeatable read).*", ""));
            } else if (l.startsWith("Number of rows visited") || l.startsWith("Rows input") && !parts.isEmpty()
                    || l.startsWith("Number of rows qualified")) {
                parts.add(l);
            } else if (l.startsWith("Sort ResultSet")) {
                parts.add("Sort");
            }
        }
        return String.join("; ", parts);
    }

    // ---- helpers ----

    private long contactCount() {
        try {
            return JSON.readTree(get("/api/v1/contacts?limit=1&count=true", true).body()).path("total").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpRequest.Builder request(String path, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl + path)).timeout(Duration.ofMinutes(10));
        if (authenticated) {
            b.header("Authorization", auth);
        }
        return b;
    }

    private HttpResponse<String> get(String path, boolean authenticated) throws IOException, InterruptedException {
        return send(request(path, authenticated).GET().build());
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static int status(HttpResponse<?> r) {
        return r.statusCode();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String latency(Load.Result r) {
        return String.format("p50 %.2f / p95 %.2f / p99 %.2f ms", r.p50(), r.p95(), r.p99());
    }

    private static String errors(Load.Result r) {
        return r.errors() == 0 ? "" : String.format("; %,d ERRORS (first: %s)", r.errors(), r.firstError());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private void row(String scenario, String measure, String value, String note) {
        table.add(new String[] {scenario, measure, value, note});
    }

    private void printTable() {
        int[] w = new int[3];
        for (String[] r : table) {
            for (int i = 0; i < 3; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        String fmt = "%-" + w[0] + "s | %-" + w[1] + "s | %-" + w[2] + "s | %s%n";
        System.out.println();
        System.out.printf("Rapport benchmark: N=%,d contacts, %d clients, warm-up %d s + %d s measured, server EXTRA_JAVA_OPTS=\"%s\"%n",
                records, clients, warmup.toSeconds(), duration.toSeconds(), javaOpts);
        System.out.printf(fmt, "scenario", "measure", "value", "note");
        System.out.println("-".repeat(w[0] + w[1] + w[2] + 40));
        table.stream().sorted((a, b) -> a[0].compareTo(b[0])).forEach(r -> System.out.printf(fmt, (Object[]) r));
        System.out.println();
    }
}
