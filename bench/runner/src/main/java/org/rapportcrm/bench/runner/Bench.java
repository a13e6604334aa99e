package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness ({@code mvn -Pbench verify -Dbench.records=N}): unpacks and boots the built distribution,
 * drops the probe bundle into it, runs each scenario after a warm-up, prints a table and writes the figures as JSON.
 * It prints figures; it asserts nothing.
 */
public final class Bench {
    private final BenchOptions options;

    private Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new Bench(BenchOptions.fromSystemProperties()).run();
        System.exit(0);
    }

    private void run() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Results results = new Results(options, json, config());
        System.out.printf("bench: N=%,d contacts on %s, %d clients, warm-up %d s, measure %d s, server JVM options %s%n",
                options.records(), options.databaseLabel(), options.clients(), options.warmup().toSeconds(), options.duration().toSeconds(),
                options.javaOptsLabel());

        Footprint footprint = new Footprint(results);
        footprint.measureDistribution(options.distribution());
        String databaseUrl = options.onPostgres() ? PostgresSchema.createFresh(options.postgresUrl()) : "";
        Server server = Server.unpack(options.distribution(), options.workDir(), serverEnvironment(), databaseUrl, options.webMaxThreads(),
                options.poolSettings());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("bench: server in " + server.home + " on " + server.baseUrl);
        BenchContext context = new BenchContext(options, server, json, databaseUrl, serverEnvironment());
        try {
            footprint.firstBoot(server);
            context.rss().start();
            new ProbeClient(context).install(results);

            ScenarioRunner scenarios = new ScenarioRunner(context, results);
            scenarios.run(new BulkImportScenario());
            ContactCopies.add(context, results);
            // Sampled before the reads scenario starts: its paging is no part of that scenario's load average and RSS.
            List<String> ids = ReadsScenario.sampleIds(context, results);
            context.sampledIds(ids);
            scenarios.run(new ReadsScenario(ids));
            scenarios.run(new SearchScenario());
            scenarios.run(new ListOrdersScenario());
            scenarios.run(new QueryPlansScenario()); // before the creates add rows
            scenarios.run(new SavedViewsScenario());
            scenarios.run(new CapacityScenario());
            scenarios.run(new CreateScenario());
            scenarios.run(new WebhookScenario());
            scenarios.run(new RulesScenario());
            scenarios.run(new MailScenario());
            scenarios.run(new ServiceScenario());
            scenarios.run(new NotificationStreamsScenario());
            scenarios.run(new MarketingScenario());
            scenarios.run(new CampaignScenario());
            scenarios.run(new SyncScenario());
            scenarios.run(new SocialScenario());
            scenarios.run(new EmailScenario());
            scenarios.run(new FieldIndexScenario()); // after the others: it adds an indexed column they would pay for
            scenarios.run(new FilesScenario());
            scenarios.run(new TwoNodesScenario()); // last: it kills and restarts the server

            footprint.restart(context);
        } finally {
            server.close();
        }
        results.finish();
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("records", options.records());
        config.put("database", options.databaseLabel());
        config.put("webMaxThreads", options.webMaxThreads() > 0 ? options.webMaxThreads() : "as shipped");
        config.put("poolSettings", options.poolSettings().isEmpty() ? "as shipped" : options.poolSettings());
        config.put("clients", options.clients());
        config.put("warmupSeconds", options.warmup().toSeconds());
        config.put("durationSeconds", options.duration().toSeconds());
        config.put("serverJavaOpts", options.serverJavaOpts());
        config.put("clientJava", System.getProperty("java.version") + " " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB heap");
        config.put("cores", Runtime.getRuntime().availableProcessors());
        config.put("distribution", options.distribution().toString());
        config.put("startedAt", Instant.now().toString());
        return config;
    }

    private Map<String, String> serverEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RAPPORT_ADMIN_PASSWORD", BenchContext.ADMIN_PASSWORD);
        env.put("EXTRA_JAVA_OPTS", options.serverJavaOpts());
        env.put("JAVA_HOME", options.serverJavaHome());
        return env;
    }
}
