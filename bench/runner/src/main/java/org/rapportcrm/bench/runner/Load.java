package org.rapportcrm.bench.runner;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: {@code clients} threads, each with its own keep-alive HTTP/1.1 connection, send requests back to
 * back for a warm-up, then for the measured duration. Bounded by time and by count. Many clients share an HTTP client
 * (each has its own selector thread), so hundreds of them fit on the bench's cores.
 */
final class Load {
    static final long MAX_REQUESTS_PER_CLIENT = 5_000_000;
    /** The histograms' highest trackable latency: one hour, in microseconds. */
    private static final long MAX_LATENCY_MICROS = 3_600_000_000L;

    /** Clients per HTTP client once there are many: one each up to {@link #OWN_HTTP_CLIENTS_UP_TO}. */
    private static final int CLIENTS_PER_HTTP_CLIENT = 25;
    private static final int OWN_HTTP_CLIENTS_UP_TO = 32;

    /**
     * How the clients behave: {@code honourRetryAfter} makes a client answered 503 with Retry-After wait that long
     * before its next request, as a well-behaved client does.
     */
    record Settings(int clients, Duration warmup, Duration measure, int expectedStatus, boolean honourRetryAfter) {
    }

    /**
     * @param statuses every measured answer by HTTP status (-1: no answer), expected ones included; latencies are of
     *        the expected ones
     */
    record Result(String name, int clients, long requests, long errors, double seconds, double perSecond, double p50, double p95,
            double p99, double max, double mean, long avgBytes, String firstError, Map<Integer, Long> statuses) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("clients", clients);
            m.put("requests", requests);
            m.put("errors", errors);
            m.put("seconds", Figures.round(seconds));
            m.put("perSecond", Figures.round(perSecond));
            m.put("p50Ms", Figures.round(p50));
            m.put("p95Ms", Figures.round(p95));
            m.put("p99Ms", Figures.round(p99));
            m.put("maxMs", Figures.round(max));
            m.put("meanMs", Figures.round(mean));
            m.put("avgResponseBytes", avgBytes);
            if (firstError != null) {
                m.put("firstError", firstError);
            }
            m.put("statuses", statuses);
            return m;
        }

        /** The latency percentiles as the table shows them. */
        String latencySummary() {
            return String.format("p50 %.2f / p95 %.2f / p99 %.2f ms", p50, p95, p99);
        }

        /** Nothing without errors, else their count and the first, to append to a table note. */
        String errorSuffix() {
            return errors == 0 ? "" : String.format("; %,d ERRORS (first: %s)", errors, firstError);
        }
    }

    /** A request for the next call: given the client number and the call number. */
    interface RequestFactory {
        HttpRequest next(int client, long n, ThreadLocalRandom random);
    }

    static Result run(String name, int clients, Duration warmup, Duration measure, int expectedStatus, RequestFactory requests)
            throws InterruptedException {
        return run(name, new Settings(clients, warmup, measure, expectedStatus, false), requests);
    }

    static Result run(String name, Settings settings, RequestFactory requests) throws InterruptedException {
        int clients = settings.clients();
        int expectedStatus = settings.expectedStatus();
        Histogram[] histograms = new Histogram[clients];
        long[] counts = new long[clients];
        long[] errors = new long[clients];
        long[] bytes = new long[clients];
        String[] firstError = new String[1];
        long start = System.nanoTime();
        long measureStart = start + settings.warmup().toNanos();
        long end = measureStart + settings.measure().toNanos();
        Map<Integer, AtomicLong> statuses = new ConcurrentSkipListMap<>();
        int perHttpClient = clients <= OWN_HTTP_CLIENTS_UP_TO ? 1 : CLIENTS_PER_HTTP_CLIENT;
        HttpClient[] http = new HttpClient[(clients + perHttpClient - 1) / perHttpClient];
        for (int i = 0; i < http.length; i++) {
            http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        }
        AtomicLong lastDone = new AtomicLong(measureStart);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            histograms[i] = new Histogram(MAX_LATENCY_MICROS, 3);
            HttpClient shared = http[i / perHttpClient];
            Thread t = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long n = 0;
                while (n < MAX_REQUESTS_PER_CLIENT) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    boolean measured = t0 >= measureStart;
                    int status;
                    long size = 0;
                    String err = null;
                    long retryAfterSeconds = 0;
                    try {
                        HttpResponse<byte[]> r = shared.send(requests.next(client, n++, random), HttpResponse.BodyHandlers.ofByteArray());
                        status = r.statusCode();
                        size = r.body().length;
                        if (status != expectedStatus) {
                            err = "HTTP " + status + ": " + new String(r.body(), 0, Math.min(300, r.body().length));
                            if (status == 503 && settings.honourRetryAfter()) {
                                retryAfterSeconds = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        status = -1;
                        err = e.toString();
                    }
                    long t1 = System.nanoTime();
                    if (measured) {
                        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        if (err == null) {
                            histograms[client].recordValue(Math.max(1, (t1 - t0) / 1000));
                            counts[client]++;
                            bytes[client] += size;
                        } else {
                            errors[client]++;
                            synchronized (firstError) {
                                if (firstError[0] == null) {
                                    firstError[0] = err;
                                }
                            }
                        }
                        lastDone.accumulateAndGet(t1, Math::max);
                    }
                    if (retryAfterSeconds > 0) {
                        try {
                            TimeUnit.SECONDS.sleep(retryAfterSeconds);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "bench-" + name + "-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram all = new Histogram(MAX_LATENCY_MICROS, 3);
        long count = 0;
        long errs = 0;
        long totalBytes = 0;
        for (int i = 0; i < clients; i++) {
            all.add(histograms[i]);
            count += counts[i];
            errs += errors[i];
            totalBytes += bytes[i];
        }
        double seconds = Math.max(1e-9, (lastDone.get() - measureStart) / 1e9);
        boolean none = all.getTotalCount() == 0;
        return new Result(name, clients, count, errs, seconds, count / seconds, ms(all, 50), ms(all, 95), ms(all, 99),
                none ? 0 : all.getMaxValue() / 1000.0, none ? 0 : all.getMean() / 1000.0, count == 0 ? 0 : totalBytes / count,
                firstError[0], counts(statuses));
    }

    private static Map<Integer, Long> counts(Map<Integer, AtomicLong> statuses) {
        Map<Integer, Long> m = new LinkedHashMap<>();
        statuses.forEach((status, n) -> m.put(status, n.get()));
        return m;
    }

    /** A percentile of the recorded latencies (microseconds) in milliseconds; 0 if nothing was recorded. */
    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
