package org.rapportcrm.platform.core.internal;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Not a test: a timing harness of the batched insert ({@code RecordService.createAll}) that prints figures, to find and
 * check where a bulk write's time goes. A type shaped like a social post (20 fields: references, a unique key,
 * picklists with defaults, numbers, dates, long text, some indexed) is filled in batches of 100 and 1,000 rows on an
 * on-disk Derby database and, where {@value PostgresSchemas#URL_VARIABLE} names a server, on PostgreSQL, both through a
 * dbcp2 pool as in the distribution.
 *
 * <p>Run it from the module after {@code mvn -o -q -B verify -pl platform/core -am -DskipTests}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/bw.cp) org.rapportcrm.platform.core.internal.CreateAllTimings [derby|postgres|both] [rounds]
 * </pre>
 * (the class path from {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bw.cp}); add
 * {@code -XX:StartFlightRecording=filename=/tmp/bw.jfr,settings=profile} to profile it.
 */
public final class CreateAllTimings {
    private static final String TYPE = "benchPost";
    private static final int[] BATCHES = {100, 1000};
    private final AtomicLong sequence = new AtomicLong();

    private CreateAllTimings() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "both";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "createAll timings, %d rounds per batch size, load average at start %s%n", rounds, loadAverage());
        if (!which.equals("postgres")) {
            Path dir = Files.createTempDirectory("bw-derby");
            BasicDataSource derby = pool("org.apache.derby.jdbc.EmbeddedDriver", "jdbc:derby:" + dir.resolve("db") + ";create=true");
            new CreateAllTimings().run("Derby (on disk)", derby, rounds);
            derby.close();
        }
        String url = System.getenv(PostgresSchemas.URL_VARIABLE);
        if (!which.equals("derby") && url != null) {
            DataSource schema = PostgresSchemas.newSchema();
            String current = ((org.postgresql.ds.PGSimpleDataSource) schema).getCurrentSchema();
            BasicDataSource postgres = pool("org.postgresql.Driver", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + current);
            new CreateAllTimings().run("PostgreSQL", postgres, rounds);
            postgres.close();
        }
        System.out.printf(Locale.ROOT, "load average at end %s%n", loadAverage());
        System.exit(0); // the fixture's cluster channel and dispatcher threads
    }

    private static BasicDataSource pool(String driver, String url) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName(driver);
        ds.setUrl(url);
        ds.setDefaultAutoCommit(true);
        ds.setMaxTotal(8);
        return ds;
    }

    private void run(String database, DataSource dataSource, int rounds) {
        try (CoreFixture core = new CoreFixture(dataSource)) {
            core.metadata.addProvider(new BenchTypes());
            addOtherTypesRules(core);
            Actor actor = Actor.system();
            List<String> channels = new ArrayList<>();
            List<String> profiles = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                channels.add(core.records.create(actor, "account", Map.of("name", "Channel " + i)).getId());
                profiles.add(core.records.create(actor, "contact", Map.of("lastName", "Author " + i)).getId());
            }
            singleCreates(database, core, actor, channels, profiles, rounds);
            for (int size : BATCHES) {
                // Warm up the JIT and the statement caches, then time.
                for (int i = 0; i < 3; i++) {
                    core.records.createAll(actor, TYPE, rows(size, channels, profiles));
                }
                double[] perSecond = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    List<Map<String, Object>> rows = rows(size, channels, profiles);
                    long start = System.nanoTime();
                    BatchResult result = core.records.createAll(actor, TYPE, rows);
                    long nanos = System.nanoTime() - start;
                    if (result.created().size() != size) {
                        throw new IllegalStateException("refused rows: " + result.failures());
                    }
                    perSecond[round] = size * 1e9 / nanos;
                }
                Arrays.sort(perSecond);
                System.out.printf(Locale.ROOT, "%-16s batch %5d: median %7.0f records/s (min %7.0f, max %7.0f), %6.3f ms per record%n",
                        database, size, perSecond[rounds / 2], perSecond[0], perSecond[rounds - 1], 1000 / perSecond[rounds / 2]);
            }
        }
    }

    /** A transaction per record, as the REST API's POST makes: what a setting that favours batches must not spoil. */
    private void singleCreates(String database, CoreFixture core, Actor actor, List<String> channels, List<String> profiles, int rounds) {
        int count = 100;
        for (Map<String, Object> row : rows(count, channels, profiles)) {
            core.records.create(actor, TYPE, row);
        }
        double[] perSecond = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            List<Map<String, Object>> rows = rows(count, channels, profiles);
            long start = System.nanoTime();
            for (Map<String, Object> row : rows) {
                core.records.create(actor, TYPE, row);
            }
            perSecond[round] = count * 1e9 / (System.nanoTime() - start);
        }
        Arrays.sort(perSecond);
        System.out.printf(Locale.ROOT, "%-16s single create: median %7.0f records/s (min %7.0f, max %7.0f)%n",
                database, perSecond[rounds / 2], perSecond[0], perSecond[rounds - 1]);
    }

    /**
     * As many triggers and validation rules as the full distribution registers (about 25 and 14), each for a type of
     * its own: what every row pays to find the few that apply to it.
     */
    private static void addOtherTypesRules(CoreFixture core) {
        for (int i = 0; i < 25; i++) {
            Set<String> types = Set.of("other" + i);
            core.records.addTrigger(new RecordTrigger() {
                @Override
                public Set<String> recordTypes() {
                    return types;
                }
            }, "bench");
        }
        for (int i = 0; i < 14; i++) {
            Set<String> types = Set.of("other" + i);
            core.records.addValidator(new RecordValidator() {
                @Override
                public Set<String> recordTypes() {
                    return types;
                }

                @Override
                public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
                    return List.of();
                }
            }, "bench");
        }
    }

    private List<Map<String, Object>> rows(int size, List<String> channels, List<String> profiles) {
        List<Map<String, Object>> rows = new ArrayList<>(size);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < size; i++) {
            long n = sequence.incrementAndGet();
            Map<String, Object> row = new HashMap<>();
            row.put("title", "Loving the new release, number " + n + " is the best yet");
            row.put("text", "Loving the new release, number " + n + " is the best yet. ".repeat(4));
            row.put("channel", channels.get((int) (n % channels.size())));
            row.put("network", "mastodon");
            row.put("networkId", Long.toString(100_000_000 + n));
            row.put("postKey", "mastodon:" + (100_000_000 + n));
            row.put("profile", profiles.get((int) (n % profiles.size())));
            row.put("author", "@author" + (n % 20) + "@example.social");
            row.put("url", "https://example.social/@author/" + n);
            row.put("postedAt", now.minusSeconds(n % 3600));
            row.put("postedDay", LocalDate.ofInstant(now, ZoneOffset.UTC));
            row.put("keyword", "release");
            row.put("language", "en");
            row.put("sentiment", n % 3 == 0 ? "negative" : "positive");
            row.put("sentimentScore", new BigDecimal("0.4215"));
            rows.add(row);
        }
        return rows;
    }

    /** A social post's shape, on standard types for its references. */
    private static final class BenchTypes implements RecordTypeProvider {
        @Override
        public List<RecordType> recordTypes() {
            return List.of(new RecordType(TYPE, "benchPosts", "Bench post", "Bench posts", "title", List.of(
                    FieldDefinition.builder("title", FieldType.TEXT).maxLength(140).required(true).searchable(true).build(),
                    FieldDefinition.builder("text", FieldType.LONG_TEXT).build(),
                    FieldDefinition.builder("channel", FieldType.REFERENCE).referenceTo("account").onDelete(DeleteRule.SET_NULL).indexed(true).build(),
                    FieldDefinition.builder("network", FieldType.TEXT).maxLength(40).required(true).build(),
                    FieldDefinition.builder("networkId", FieldType.TEXT).maxLength(100).required(true).build(),
                    FieldDefinition.builder("postKey", FieldType.TEXT).maxLength(150).required(true).unique(true).build(),
                    FieldDefinition.builder("direction", FieldType.PICKLIST).picklistValues(List.of("inbound", "outbound")).defaultValue("inbound").build(),
                    FieldDefinition.builder("profile", FieldType.REFERENCE).referenceTo("contact").onDelete(DeleteRule.SET_NULL).indexed(true).build(),
                    FieldDefinition.builder("author", FieldType.TEXT).maxLength(300).searchable(true).build(),
                    FieldDefinition.builder("url", FieldType.URL).build(),
                    FieldDefinition.builder("postedAt", FieldType.DATE_TIME).indexed(true).build(),
                    FieldDefinition.builder("postedDay", FieldType.DATE).indexed(true).build(),
                    FieldDefinition.builder("keyword", FieldType.TEXT).maxLength(100).indexed(true).build(),
                    FieldDefinition.builder("language", FieldType.TEXT).maxLength(10).build(),
                    FieldDefinition.builder("sentiment", FieldType.PICKLIST).picklistValues(List.of("positive", "neutral", "negative")).indexed(true).build(),
                    FieldDefinition.builder("sentimentScore", FieldType.DECIMAL).scale(4).minValue(BigDecimal.ONE.negate()).maxValue(BigDecimal.ONE).build(),
                    FieldDefinition.builder("buyingIntent", FieldType.BOOLEAN).defaultValue(false).build(),
                    FieldDefinition.builder("status", FieldType.PICKLIST).picklistValues(List.of("new", "done")).defaultValue("new").required(true)
                            .indexed(true).build(),
                    FieldDefinition.builder("assignedTo", FieldType.TEXT).maxLength(100).build(),
                    FieldDefinition.builder("caseId", FieldType.TEXT).maxLength(40).build())));
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
