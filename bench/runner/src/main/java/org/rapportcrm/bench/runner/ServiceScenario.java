package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.rapportcrm.service.internal.sla.BusinessCalendar;
import org.rapportcrm.service.internal.sla.BusinessTime;
import org.rapportcrm.service.internal.sla.Shift;

/**
 * Scenario 14: the service capability's SLA clocks. (a) In this JVM: a due time a year of business hours away on an
 * office calendar with split shifts and two years of holidays, timed call by call. (b) {@code -Dbench.serviceCases}
 * open cases (default 20,000) imported into two queues, then a queue's first page sorted by SLA due time under load.
 * (c) {@code -Dbench.serviceBreaches} cases (default 500) whose first-response breach falls due within the same 10
 * seconds: how late after its due time each breach was written (the case's last update is the breach's).
 */
final class ServiceScenario implements Scenario {
    static final String NAME = "14 service";
    private static final long YEAR_MINUTES = 365L * 24 * 60;
    /** One JSON object per line (the context's mapper may indent). */
    private static final com.fasterxml.jackson.databind.ObjectWriter LINE = new com.fasterxml.jackson.databind.ObjectMapper().writer();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("service", m);
        dueTimeOverAYear(results, m);

        context.send(context.request("/api/v1/admin/capabilities/rapport-service").POST(HttpRequest.BodyPublishers.noBody()).build());
        Awaits.await(() -> context.get("/api/v1/metadata/case").statusCode() == 200, Duration.ofMinutes(2));
        Map<String, Object> calendar = new LinkedHashMap<>(Map.of("name", "Bench 24/7", "timeZone", "UTC"));
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            calendar.put(day, "00:00-00:00");
        }
        String calendarId = id(post(context, "/api/v1/businessCalendars", calendar));
        String policy = id(post(context, "/api/v1/slaPolicies", Map.of("name", "Bench", "position", 1, "calendar", calendarId, "warningPercent", 90)));
        post(context, "/api/v1/slaTargets", Map.of("slaPolicy", policy, "priority", "Medium", "firstResponseMinutes", YEAR_MINUTES,
                "resolutionMinutes", YEAR_MINUTES));
        post(context, "/api/v1/slaTargets", Map.of("slaPolicy", policy, "priority", "Urgent", "firstResponseMinutes", 1,
                "resolutionMinutes", YEAR_MINUTES));
        String queueA = id(post(context, "/api/v1/queues", Map.of("name", "Bench A", "routing", "Manual")));
        String queueB = id(post(context, "/api/v1/queues", Map.of("name", "Bench B", "routing", "Manual")));

        long cases = Long.getLong("bench.serviceCases", 20_000);
        Random random = new Random(BenchContext.SEED);
        Instant now = Instant.now();
        StringBuilder ndjson = new StringBuilder();
        for (long i = 0; i < cases; i++) {
            Instant opened = now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 30)));
            ndjson.append(LINE.writeValueAsString(Map.of("subject", "Bench case " + i, "priority", "Medium",
                    "queue", i % 2 == 0 ? queueA : queueB, "openedAt", opened.toString()))).append('\n');
        }
        Map<String, Object> imported = importCases(context, ndjson.toString());
        m.put("caseImport", imported);
        results.row(NAME, String.format("%,d open cases imported (numbered, SLA computed, 2 tasks each)", cases),
                String.format("%,.0f cases/s", (double) imported.get("casesPerSecond")), "");

        String list = "/api/v1/cases?limit=50&sort=slaDueAt&filter=" + BenchContext.urlEncode("queue eq '" + queueA + "'");
        HttpResponse<String> first = context.get(list);
        if (first.statusCode() != 200) {
            throw new IllegalStateException("queue list: " + first.statusCode() + " " + first.body());
        }
        Load.Result byDue = context.load("service-queue-by-sla", context.options().clients(), 200, (c, n, r) -> context.request(list).GET().build());
        m.put("queueBySlaDue", byDue.toMap());
        m.put("queueBySlaDueCases", cases);
        results.row(NAME, String.format("GET a queue's first 50 by SLA due, %,d cases, %d clients", cases, context.options().clients()),
                String.format("%,.0f requests/s", byDue.perSecond()), byDue.latencySummary());

        breachesOnTime(context, results, m, queueB);
    }

    private static void dueTimeOverAYear(Results results, Map<String, Object> m) {
        Map<DayOfWeek, List<Shift>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(day, Shift.parseDay("08:00-12:30, 13:30-18:00"));
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (int y = 2026; y <= 2027; y++) {
            for (String md : List.of("01-01", "04-03", "04-06", "05-01", "05-14", "05-25", "10-03", "12-24", "12-25", "12-26", "12-31")) {
                holidays.add(LocalDate.parse(y + "-" + md));
            }
        }
        BusinessTime time = new BusinessTime(new BusinessCalendar(ZoneId.of("Europe/Berlin"), week, holidays));
        long yearOfBusinessMinutes = 250L * 9 * 60;
        Instant start = Instant.parse("2026-01-05T07:00:00Z");
        Random random = new Random(1);
        long sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up
            sink += time.addMinutes(start.plusSeconds(random.nextInt(86_400 * 30)), yearOfBusinessMinutes).getEpochSecond();
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Instant from = start.plusSeconds(random.nextInt(86_400 * 30));
            long t0 = System.nanoTime();
            sink += time.addMinutes(from, yearOfBusinessMinutes).getEpochSecond();
            nanos.add(System.nanoTime() - t0);
        }
        Collections.sort(nanos);
        double p50 = Awaits.percentile(nanos, 0.50) / 1000.0;
        double p95 = Awaits.percentile(nanos, 0.95) / 1000.0;
        m.put("dueTimeOverAYearP50Micros", Figures.round(p50));
        m.put("dueTimeOverAYearP95Micros", Figures.round(p95));
        results.row(NAME, "due time a year of business hours away (2 shifts a day, 22 holidays), 20,000 calls",
                String.format("p50 %.0f µs", p50), String.format("p95 %.0f µs, target < 1,000 µs (%d)", p95, sink % 2));
    }

    private static void breachesOnTime(BenchContext context, Results results, Map<String, Object> m, String queue) throws Exception {
        int n = Integer.getInteger("bench.serviceBreaches", 500);
        // Due 90 s after the upload starts (room for the import), spread over 10 s.
        Instant dueBase = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(90);
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Instant due = dueBase.plusMillis(10_000L * i / n);
            ndjson.append(LINE.writeValueAsString(Map.of("subject", "Breach " + i, "priority", "Urgent", "queue", queue,
                    "openedAt", due.minus(Duration.ofMinutes(1)).toString()))).append('\n');
        }
        importCases(context, ndjson.toString());
        if (Instant.now().isAfter(dueBase)) {
            throw new IllegalStateException("the import of " + n + " cases took past their due time: lower -Dbench.serviceBreaches");
        }
        String breached = "/api/v1/cases?limit=1&filter=" + BenchContext.urlEncode("priority eq 'Urgent' and slaStatus eq 'Breached'");
        Awaits.await(() -> context.total(breached) >= n, Duration.ofMinutes(10));
        List<Long> lateness = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = context.getJson("/api/v1/cases?limit=1000&filter=" + BenchContext.urlEncode("priority eq 'Urgent'")
                    + (cursor == null ? "" : "&cursor=" + BenchContext.urlEncode(cursor)));
            for (JsonNode c : page.path("items")) {
                lateness.add(Duration.between(Instant.parse(c.path("firstResponseDueAt").asText()), Instant.parse(c.path("updatedAt").asText())).toMillis());
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        Collections.sort(lateness);
        long within5s = lateness.stream().filter(ms -> ms <= 5000).count();
        m.put("breaches", n);
        m.put("breachLatenessP50Ms", Awaits.percentile(lateness, 0.50));
        m.put("breachLatenessP95Ms", Awaits.percentile(lateness, 0.95));
        m.put("breachLatenessMaxMs", lateness.get(lateness.size() - 1));
        m.put("breachesWithin5s", within5s);
        results.row(NAME, String.format("%,d breaches due within 10 s (each also had its warning)", n),
                String.format("%,d of %,d within 5 s", within5s, n), String.format("late by p50 %d ms, p95 %d ms, max %d ms",
                        Awaits.percentile(lateness, 0.50), Awaits.percentile(lateness, 0.95), lateness.get(lateness.size() - 1)));
    }

    private static Map<String, Object> importCases(BenchContext context, String ndjson) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> accepted = context.send(context.request("/api/v1/cases/bulk").header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofHours(1)).POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("case import: HTTP " + accepted.statusCode() + " " + accepted.body());
        }
        String location = accepted.headers().firstValue("Location").orElseThrow();
        JsonNode job;
        do {
            TimeUnit.MILLISECONDS.sleep(200);
            job = context.getJson(location);
        } while (!job.path("status").asText().equals("COMPLETED") && !job.path("status").asText().equals("FAILED"));
        if (!job.path("status").asText().equals("COMPLETED") || job.path("failed").asLong() > 0) {
            throw new IllegalStateException("case import: " + job);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", job.path("created").asLong());
        m.put("seconds", Figures.round(seconds));
        m.put("casesPerSecond", Figures.round(job.path("created").asLong() / seconds));
        return m;
    }

    static HttpResponse<String> post(BenchContext context, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = context.send(context.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(context.json().writeValueAsString(body))).build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static String id(HttpResponse<String> r) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("id").asText();
    }
}
