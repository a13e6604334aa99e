package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One bulk CSV import over HTTP: streams the generated CSV to {@code POST /contacts/bulk} and follows the job to its end. */
final class ContactImport {
    private ContactImport() {
    }

    /**
     * Imports the contacts of rows {@code firstRow} to {@code firstRow + rows - 1} (see {@code ContactData}).
     *
     * @return its figures; {@code progressSamples} holds {@code [seconds, rows processed]} pairs for {@link #rateByTenth}
     */
    static Map<String, Object> run(BenchContext context, long firstRow, long rows) throws Exception {
        long sampleBytes = new CsvStream(firstRow, Math.min(rows, 1000), BenchContext.SEED).readAllBytes().length;
        HttpRequest request = context.request("/api/v1/contacts/bulk").header("Content-Type", "text/csv")
                .timeout(Duration.ofHours(2))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new CsvStream(firstRow, rows, BenchContext.SEED))).build();
        Stopwatch watch = Stopwatch.start();
        HttpResponse<String> accepted = context.send(request);
        double uploadSeconds = watch.seconds();
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("bulk import: HTTP " + accepted.statusCode() + " " + accepted.body());
        }
        String location = accepted.headers().firstValue("Location").orElseThrow();
        List<double[]> samples = new ArrayList<>();
        double lastPrint = 0;
        JsonNode job = null;
        while (watch.isWithin(Duration.ofSeconds(Math.max(600, rows / 100)))) {
            job = context.getJson(location);
            double now = watch.seconds();
            samples.add(new double[] {now, job.path("processed").asDouble()});
            String status = job.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                break;
            }
            if (now - lastPrint > 15) {
                lastPrint = now;
                System.out.printf("bench:   import %,d / %,d rows after %.0f s%n", job.path("processed").asLong(), rows, now);
            }
            TimeUnit.MILLISECONDS.sleep(rows > 100_000 ? 500 : 100);
        }
        double seconds = watch.seconds();
        if (job == null || !job.path("status").asText().equals("COMPLETED")) {
            throw new IllegalStateException("import did not complete: " + job);
        }
        long created = job.path("created").asLong();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("csvBytesEstimate", sampleBytes * rows / Math.min(rows, 1000));
        m.put("created", created);
        m.put("failed", job.path("failed").asLong());
        m.put("seconds", Figures.round(seconds));
        m.put("uploadSeconds", Figures.round(uploadSeconds));
        m.put("recordsPerSecond", Figures.round(created / seconds));
        Double jobSeconds = secondsBetween(job.path("startedAt"), job.path("finishedAt"));
        if (jobSeconds != null) {
            m.put("jobRunSeconds", Figures.round(jobSeconds));
            m.put("jobRunRecordsPerSecond", Figures.round(created / jobSeconds));
        }
        m.put("job", context.json().convertValue(job, Map.class));
        m.put("progressSamples", samples);
        System.out.printf("bench: import of %,d rows: %,d created, %,d refused in %.1f s%n", rows, created, job.path("failed").asLong(),
                seconds);
        return m;
    }

    /** Records/s in each tenth of the rows, from the polled progress. */
    static List<Long> rateByTenth(List<double[]> samples, long rows) {
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

    /** The job's run time on the server, from its timestamps (ISO text, epoch seconds or epoch millis); null if absent. */
    private static Double secondsBetween(JsonNode start, JsonNode end) {
        Instant from = instant(start);
        Instant to = instant(end);
        return from == null || to == null ? null : Duration.between(from, to).toNanos() / 1e9;
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
}
