package org.rapportcrm.bench.runner;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: {@code clients} threads, each with its own HTTP/1.1 client (one keep-alive connection), send
 * requests back to back for a warm-up, then for the measured duration. Bounded by time and by count.
 */
final class Load {
    static final long MAX_REQUESTS_PER_CLIENT = 5_000_000;
    /** The histograms' highest trackable latency: one hour, in microseconds. */
    private static final long MAX_LATENCY_MICROS = 3_600_000_000L;

    record Result(String name, int clients, long requests, long errors, double seconds, double perSecond, double p50, double p95,
            double p99, double max, double mean, long avgBytes, String firstError) {
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
        Histogram[] histograms = new Histogram[clients];
        long[] counts = new long[clients];
        long[] errors = new long[clients];
        long[] bytes = new long[clients];
        String[] firstError = new String[1];
        long start = System.nanoTime();
        long measureStart = start + warmup.toNanos();
        long end = measureStart + measure.toNanos();
        AtomicLong lastDone = new AtomicLong(measureStart);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            histograms[i] = new Histogram(MAX_LATENCY_MICROS, 3);
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
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
                    try {
                        HttpResponse<byte[]> r = http.send(requests.next(client, n++, random), HttpResponse.BodyHandlers.ofByteArray());
                        status = r.statusCode();
                        size = r.body().length;
                        if (status != expectedStatus) {
                            err = "HTTP " + status + ": " + new String(r.body(), 0, Math.min(300, r.body().length));
                        }
                    } catch (Exception e) {
                        status = -1;
                        err = e.toString();
                    }
                    long t1 = System.nanoTime();
                    if (measured) {
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
                firstError[0]);
    }

    /** A percentile of the recorded latencies (microseconds) in milliseconds; 0 if nothing was recorded. */
    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
