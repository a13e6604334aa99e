package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The harness's side of the probe bundle ({@code bench/probe}): deploys it into the server, and asks it for the
 * comparison figures it measures inside the server, the raw JDBC insert and query plans.
 */
final class ProbeClient {
    private final BenchContext context;

    ProbeClient(BenchContext context) {
        this.context = context;
    }

    /** Drops the bundle into {@code deploy/} and waits until both its servlet and its REST resource answer. */
    void install(Results results) throws Exception {
        Path probe = context.options().probe();
        Path deploy = context.server().home.resolve("deploy");
        Files.createDirectories(deploy);
        Files.copy(probe, deploy.resolve(probe.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Stopwatch watch = Stopwatch.start();
        while (watch.isWithin(Duration.ofSeconds(90))) {
            if (context.send(context.bareRequest("/bench/bare/ping").GET().build()).statusCode() == 200
                    && context.get("/api/v1/bench-probe").statusCode() == 200) {
                double seconds = watch.seconds();
                System.out.printf("bench: probe bundle answering %.1f s after it was copied to deploy/%n", seconds);
                results.put("probeInstallSeconds", Figures.round(seconds));
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("The probe bundle did not answer within 90 s; see "
                + context.server().home.resolve("data/log/karaf.log"));
    }

    /**
     * Runs the probe's raw JDBC batch insert of {@code rows} contacts into a scratch table of that shape and waits for it.
     *
     * @param shape {@code full}, {@code noSecondaryIndexes} or {@code plain}: see the probe's {@code ScratchShape}
     * @return the probe's report, with {@code rowsPerSecond}, {@code seconds}, {@code batchSize} and the names of
     *         {@code rec_contact}'s secondary {@code indexes}
     */
    Map<String, Object> jdbcInsert(long rows, String shape) throws Exception {
        return rawInsert(rows, "shape=" + shape);
    }

    /** The raw insert into a scratch table with the primary key and only the index {@code index} of {@code rec_contact}. */
    Map<String, Object> jdbcInsertWithOnlyIndex(long rows, String index) throws Exception {
        return rawInsert(rows, "index=" + index);
    }

    /** On PostgreSQL: the same rows copied with {@code COPY ... FROM STDIN} into the full-shaped scratch table. */
    Map<String, Object> copy(long rows) throws Exception {
        return rawInsert(rows, "shape=full&method=copy");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rawInsert(long rows, String parameters) throws Exception {
        HttpResponse<String> started = context.send(context.request("/api/v1/bench-probe/jdbc-insert?rows=" + rows + "&seed="
                + BenchContext.SEED + "&" + parameters).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("probe jdbc-insert: HTTP " + started.statusCode() + " " + started.body());
        }
        Stopwatch watch = Stopwatch.start();
        while (watch.isWithin(Duration.ofSeconds(Math.max(300, rows / 100)))) {
            TimeUnit.MILLISECONDS.sleep(200);
            JsonNode state = context.getJson("/api/v1/bench-probe/jdbc-insert");
            switch (state.path("state").asText()) {
                case "COMPLETED":
                    return context.json().convertValue(state, Map.class);
                case "FAILED":
                    throw new IllegalStateException("probe jdbc-insert failed: " + state);
                default:
                    break;
            }
        }
        throw new IllegalStateException("probe jdbc-insert did not finish in time");
    }

    /** The probe's {@code rowsPerSecond} of a {@link #jdbcInsert} report. */
    static double rowsPerSecond(Map<String, Object> report) {
        return ((Number) report.get("rowsPerSecond")).doubleValue();
    }

    /**
     * Derby's own bound for a large file: the probe streams {@code source} into one BLOB and back out into
     * {@code target}. @return bytes, writeSeconds, readSeconds
     */
    JsonNode blobCopy(Path source, Path target) throws Exception {
        return filesProbe("blob-copy?source=" + BenchContext.urlEncode(source.toString()) + "&target=" + BenchContext.urlEncode(target.toString()));
    }

    /**
     * Adds {@code files} rows of {@code rapport_file} copied from the template contact's files, {@code perRecord} to a
     * contact. @return rows, contacts, method, seconds, rowsPerSecond, sampleRecordIds
     */
    JsonNode fileRows(String templateContactId, long files, int perRecord) throws Exception {
        return filesProbe("rows?template=" + templateContactId + "&files=" + files + "&perRecord=" + perRecord);
    }

    /** A full collection in the server, then its collections are watched. @return the live heap */
    JsonNode heapWatchStart() throws Exception {
        return filesProbe("heap/start");
    }

    /** @return the heap's figures since {@link #heapWatchStart()}, and the live heap after a full collection */
    JsonNode heapWatchStop() throws Exception {
        return filesProbe("heap/stop");
    }

    private JsonNode filesProbe(String pathAndQuery) throws Exception {
        HttpResponse<String> r = context.send(context.request("/api/v1/bench-files/" + pathAndQuery).timeout(Duration.ofHours(1))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("probe " + pathAndQuery + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return context.json().readTree(r.body());
    }

    /** Runs the query in the server with the database's plan reporting on: its plan, duration and row count. */
    JsonNode explain(String sql, List<Object> params) throws Exception {
        Map<String, Object> body = Map.of("sql", sql, "params", params);
        HttpResponse<String> r = context.send(context.request("/api/v1/bench-probe/explain").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(context.json().writeValueAsString(body))).build());
        return context.json().readTree(r.body());
    }
}
