package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 16: e-mail to case. (a) The handler alone: {@code -Dbench.emails=N} new customer messages (default 10,000,
 * about 1.2 KB) handed by the probe to the installed mail handlers one at a time, as the platform hands a mailbox's
 * messages: cases per second and the server's heap after a GC. (b) Over the wire: {@code -Dbench.imapEmails=M}
 * messages (default 1,000) sent over SMTP to GreenMail (started as a process), read by the platform from its IMAP
 * mailbox (polled every second, waiting with IMAP IDLE between reads) into cases: first sent to last case. Fewer than (a): GreenMail answers a mailbox of
 * 10,000 messages slowly (a SEARCH took 9 s in a trial), which measures GreenMail rather than Rapport. (c) A customer's reply (In-Reply-To) to five of those cases: from the SMTP server's 250 to
 * the reply in its case's thread. (d) With Dovecot installed ({@code dovecot-imapd}), {@code -Dbench.dovecotEmails=K}
 * messages (default 10,000) appended to a Dovecot mailbox of the bench's own, then read over IMAP into cases once the
 * platform is given the mailbox (timed from its configuration to the last case), and five
 * replies from the APPEND's OK to their cases' threads: the platform's rate from a server that is not the bottleneck.
 */
final class EmailScenario implements Scenario {
    static final String NAME = "16 e-mail to case";
    private static final int WARMUP = 500;
    private static final int REPLIES = 5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        int count = Integer.getInteger("bench.emails", 10_000);
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("emailToCase", m);
        context.send(context.request("/api/v1/admin/capabilities/rapport-service").POST(HttpRequest.BodyPublishers.noBody()).build());
        Awaits.await(() -> context.get("/api/v1/metadata/caseMessage").statusCode() == 200, Duration.ofMinutes(2));
        ServiceScenario.post(context, "/api/v1/serviceMailboxes", Map.of("name", "direct", "address", "direct@rapport.bench"));
        ServiceScenario.post(context, "/api/v1/serviceMailboxes", Map.of("name", "bench", "address", "bench@rapport.bench"));

        handle(context, WARMUP, "warmup");
        JsonNode direct = handle(context, count, "timed");
        double seconds = direct.path("seconds").asDouble();
        m.put("handlerCasesPerSecond", Figures.round(count / seconds));
        m.put("heapUsedAfterGcMb", direct.path("heapUsedAfterGcMb").asLong());
        results.row(NAME, String.format("%,d new messages handed to the handler one at a time (probe, no IMAP): a contact looked up, a case "
                + "numbered, routed and timed, a message kept", count), String.format("%,.0f cases/s", count / seconds),
                String.format("%.1f s, heap after GC %d MB", seconds, direct.path("heapUsedAfterGcMb").asLong()));

        int smtp = freePort();
        int imap = freePort();
        int api = freePort();
        Process greenMail = startGreenMail(context, smtp, imap, api);
        try {
            configureMailbox(context, "bench", imap);
            int overImap = Integer.getInteger("bench.imapEmails", 1_000);
            long before = caseMessages(context, "bench");
            long start = System.nanoTime();
            try (SmtpClient client = new SmtpClient(smtp)) {
                for (int i = 0; i < overImap; i++) {
                    client.send("customer" + (i % 500) + "@customer.bench", "bench@rapport.bench", message(i % 500, "<bench-imap-" + i + "@customer.bench>",
                            null, "Printer " + i + " does not print"));
                }
            }
            double sent = (System.nanoTime() - start) / 1e9;
            awaitCount(context, "bench", before + overImap, Duration.ofMinutes(60));
            double imapSeconds = (System.nanoTime() - start) / 1e9;
            m.put("imapMessages", overImap);
            m.put("imapCasesPerSecond", Figures.round(overImap / imapSeconds));
            m.put("smtpSendSeconds", Figures.round(sent));
            results.row(NAME, String.format("%,d messages sent over SMTP to GreenMail, read over IMAP (poll 1 s, 200 a read) into cases, "
                    + "first sent to last case", overImap), String.format("%,.0f cases/s", overImap / imapSeconds),
                    String.format("%.1f s (SMTP alone %.1f s)", imapSeconds, sent));

            try (SmtpClient client = new SmtpClient(smtp)) {
                replies(context, results, m, "replyThreadedMillis", "from the SMTP server's 250", "imap", "Printer", "does not print",
                        (from, message) -> client.send(from, "bench@rapport.bench", message));
            }
        } finally {
            greenMail.destroy();
            greenMail.waitFor(30, TimeUnit.SECONDS);
        }
        overDovecot(context, results, m);
    }

    /** (d) The same over IMAP from Dovecot, a server made for many messages: messages per second, and a reply's way to its case. */
    private static void overDovecot(BenchContext context, Results results, Map<String, Object> m) throws Exception {
        if (!Dovecot.installed()) {
            results.row(NAME, "over IMAP from Dovecot", "skipped", Dovecot.BINARY + " is not installed (Debian: dovecot-imapd)");
            return;
        }
        int count = Integer.getInteger("bench.dovecotEmails", 10_000);
        ServiceScenario.post(context, "/api/v1/serviceMailboxes", Map.of("name", "dove", "address", "dove@rapport.bench"));
        try (Dovecot dovecot = Dovecot.start(freePort())) {
            // The messages are in the mailbox before the platform is told of it: what is timed is the platform's reading alone.
            long appendStart = System.nanoTime();
            try (Dovecot.Appender appender = dovecot.appender()) {
                for (int i = 0; i < count; i++) {
                    appender.append(message(i % 500, "<bench-dove-" + i + "@customer.bench>", null, "Scanner " + i + " does not scan"));
                }
            }
            double appended = (System.nanoTime() - appendStart) / 1e9;
            long before = caseMessages(context, "dove");
            long start = System.nanoTime();
            configureMailbox(context, "dove", dovecot.port);
            awaitCount(context, "dove", before + count, Duration.ofMinutes(60));
            double seconds = (System.nanoTime() - start) / 1e9;
            m.put("dovecotMessages", count);
            m.put("dovecotCasesPerSecond", Figures.round(count / seconds));
            results.row(NAME, String.format("%,d messages waiting in a Dovecot mailbox, read over IMAP (200 a read) into cases, from the "
                    + "mailbox's configuration to the last case", count), String.format("%,.0f cases/s", count / seconds),
                    String.format("%.1f s (appending them before: %.1f s)", seconds, appended));

            try (Dovecot.Appender appender = dovecot.appender()) {
                replies(context, results, m, "dovecotReplyThreadedMillis", "from Dovecot's OK to the APPEND", "dove", "Scanner", "does not scan",
                        (from, message) -> appender.append(message));
            }
        }
    }

    /** Gives the platform the bench user's IMAP mailbox on {@code port} as its mailbox {@code name} (polled every second, IDLE between). */
    private static void configureMailbox(BenchContext context, String name, int port) throws IOException {
        Files.writeString(context.server().home.resolve("etc/org.rapportcrm.mail.inbox-" + name + ".cfg"), "name=" + name
                + "\nhost=127.0.0.1\nport=" + port + "\ntls=false\nuser=bench\npassword=secret\npollSeconds=1\nidleSeconds=20\n");
    }

    /** How a reply reaches the mailbox: returns once its server accepted it. */
    private interface Delivery {
        void deliver(String from, String message) throws Exception;
    }

    /**
     * Replies (In-Reply-To) to the first {@link #REPLIES} messages {@code bench-<tag>-i}, one at a time: each timed from
     * its delivery until it is in its case's thread.
     */
    private static void replies(BenchContext context, Results results, Map<String, Object> m, String key, String from, String tag,
            String device, String problem, Delivery delivery) throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < REPLIES; i++) {
            String id = "<bench-" + tag + "-reply-" + i + "." + System.nanoTime() + "@customer.bench>";
            delivery.deliver("customer" + i + "@customer.bench",
                    message(i, id, "<bench-" + tag + "-" + i + "@customer.bench>", "Re: " + device + " " + i + " " + problem));
            long accepted = System.nanoTime();
            Awaits.await(() -> context.getJson("/api/v1/caseMessages?limit=1&filter=" + BenchContext.urlEncode("messageId eq '" + id + "'"))
                    .path("items").size() == 1, Duration.ofMinutes(2));
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepted));
        }
        Collections.sort(latencies);
        m.put(key, latencies);
        results.row(NAME, String.format("a customer's reply (In-Reply-To) %s to its case's thread, %d replies", from, REPLIES),
                String.format("p50 %d ms", Awaits.percentile(latencies, 0.5)), String.format("max %d ms", latencies.get(latencies.size() - 1)));
    }

    private static JsonNode handle(BenchContext context, int count, String tag) throws Exception {
        HttpResponse<String> r = context.send(context.request("/api/v1/bench-email/handle?mailbox=direct&count=" + count + "&tag=" + tag)
                .timeout(Duration.ofMinutes(60)).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("probe bench-email/handle: HTTP " + r.statusCode() + " " + r.body());
        }
        return context.json().readTree(r.body());
    }

    private static String message(int sender, String id, String inReplyTo, String subject) {
        String body = ("Hello support,\r\nsince this morning the printer on the second floor shows an error and prints nothing. "
                + "We restarted it twice and checked the paper; the error stays. Could you please have a look today?\r\n\r\n").repeat(4);
        return "From: Customer " + sender + " <customer" + sender + "@customer.bench>\r\n" + "To: bench@rapport.bench\r\n"
                + "Subject: " + subject + "\r\n" + "Message-ID: " + id + "\r\n"
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo + "\r\n")
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body + "Best regards\r\nCustomer " + sender + "\r\n";
    }

    private static long caseMessages(BenchContext context, String mailbox) throws Exception {
        return context.total("/api/v1/caseMessages?limit=1&filter=" + BenchContext.urlEncode("mailbox eq '" + mailbox + "'"));
    }

    /** Polls twice a second: a count over the messages is not free, and the run takes tens of seconds. */
    private static void awaitCount(BenchContext context, String mailbox, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (caseMessages(context, mailbox) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout + ": " + caseMessages(context, mailbox) + " of " + expected);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static Process startGreenMail(BenchContext context, int smtp, int imap, int api) throws Exception {
        File log = context.server().home.resolve("greenmail.log").toFile();
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx1g",
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtp,
                "-Dgreenmail.imap.hostname=127.0.0.1", "-Dgreenmail.imap.port=" + imap,
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + api,
                "-Dgreenmail.users=bench:secret@rapport.bench", "-jar", System.getProperty("bench.greenmail"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        Awaits.await(() -> {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + api + "/api/service/readiness").toURL().openConnection();
                return c.getResponseCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofMinutes(1));
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
