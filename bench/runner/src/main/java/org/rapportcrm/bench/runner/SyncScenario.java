package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 18: mobile sync. Installs the sync capability, imports 10,000 contacts after a delta token and times the
 * delta API answering them as one page; then, as the admin (who reads every contact), a CardDAV client's initial sync
 * of the whole address book (sync-collection without a token, then addressbook-multiget of every card, 1,000 hrefs a
 * request, as DAVx5 does it) and an incremental one after 100 contacts changed (sync-collection with the token, then a
 * multiget of what changed). Then 10,000 meetings of the admin's, imported in bulk, and a CalDAV client's initial sync of
 * the calendar the same way (sync-collection, then calendar-multiget by 1,000).
 */
final class SyncScenario implements Scenario {
    static final String NAME = "18 sync";
    private static final long FIRST_ROW = 80_000_000L;
    private static final int CHANGES = 10_000;
    private static final int EDITS = 100;
    private static final int EVENTS = 10_000;
    private static final String BOOK = "/dav/addressbooks/admin/contacts/";
    private static final String CALENDAR = "/dav/calendars/admin/activities/";
    private static final Pattern HREF = Pattern.compile("<d:href>([^<]+)</d:href>");
    private static final Pattern TOKEN = Pattern.compile("<d:sync-token>([^<]+)</d:sync-token>");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("sync", m);
        context.send(context.request("/api/v1/admin/capabilities/rapport-sync").POST(HttpRequest.BodyPublishers.noBody()).build());
        WebhookScenario.await(() -> context.get("/api/v1/sync/changes?types=account&limit=1").statusCode() == 200, Duration.ofMinutes(2));

        // A change token for now: the end of the (small) account snapshot; change tokens are positions, for any types.
        String token = null;
        JsonNode page;
        do {
            page = context.getJson("/api/v1/sync/changes?types=account&limit=10000" + (token == null ? "" : "&since=" + token));
            token = page.path("nextToken").asText();
        } while (page.path("more").asBoolean());
        ContactImport.run(context, FIRST_ROW, CHANGES);
        String since = token;
        String deltaPath = "/api/v1/sync/changes?types=contact&limit=" + CHANGES + "&since=" + since;
        WebhookScenario.await(() -> context.getJson(deltaPath).path("changes").size() >= CHANGES, Duration.ofMinutes(2));
        // The page is timed in steady state, as a server that has answered syncs before answers it: after the run's warm-up.
        long warmUpEnd = System.nanoTime() + context.options().warmup().toNanos();
        while (System.nanoTime() < warmUpEnd) {
            context.get(deltaPath);
        }
        int repeats = Integer.getInteger("bench.syncRepeats", 10);
        List<Double> millis = new ArrayList<>();
        int answered = 0;
        long bytes = 0;
        for (int i = 0; i < repeats; i++) {
            Stopwatch watch = Stopwatch.start();
            HttpResponse<String> r = context.get(deltaPath);
            millis.add(watch.seconds() * 1000);
            answered = context.json().readTree(r.body()).path("changes").size();
            bytes = r.body().length();
        }
        Collections.sort(millis);
        m.put("deltaPageMillis", millis);
        m.put("deltaPageChanges", answered);
        m.put("deltaPageBytes", bytes);
        results.row(NAME, "delta API, page of " + answered + " changes", Figures.oneDecimal(millis.get(repeats / 2)) + " ms median",
                "of " + repeats + ", min " + Figures.oneDecimal(millis.get(0)) + " ms, " + bytes / 1024 + " KB (target < 200 ms)");

        InitialSync book = InitialSync.of(context, BOOK);
        m.put("davInitialCards", book.items);
        m.put("davInitialSyncCollectionSeconds", book.listingSeconds);
        m.put("davInitialSeconds", book.seconds);
        results.row(NAME, "CardDAV initial sync, " + book.items + " cards", Figures.oneDecimal(book.seconds) + " s",
                "sync-collection " + Figures.oneDecimal(book.listingSeconds) + " s + multiget by 1,000 (target 10,000 < 30 s)");

        String davToken = match(TOKEN, book.listing);
        List<String> hrefs = hrefs(book.listing);
        List<String> edited = hrefs.subList(0, Math.min(EDITS, hrefs.size()));
        for (String href : edited) {
            String id = href.substring(href.lastIndexOf('/') + 1).replace(".vcf", "");
            JsonNode contact = context.getJson("/api/v1/contacts/" + id);
            if (contact.has("version")) {
                context.send(context.request("/api/v1/contacts/" + id).header("Content-Type", "application/json")
                        .header("If-Match", "\"" + contact.path("version").asLong() + "\"")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Synced " + System.nanoTime() + "\"}")).build());
            }
        }
        WebhookScenario.await(() -> hrefs(report(context, BOOK, syncCollection(davToken))).size() >= edited.size(), Duration.ofMinutes(1));
        Stopwatch incremental = Stopwatch.start();
        List<String> changed = hrefs(report(context, BOOK, syncCollection(davToken)));
        long fetched = multiget(context, BOOK, changed);
        double incrementalSeconds = incremental.seconds();
        m.put("davIncrementalCards", fetched);
        m.put("davIncrementalSeconds", incrementalSeconds);
        results.row(NAME, "CardDAV incremental sync after " + edited.size() + " changes", Figures.oneDecimal(incrementalSeconds * 1000) + " ms",
                fetched + " cards fetched (target < 1 s)");

        StringBuilder csv = new StringBuilder("subject,activityType,dueAt,durationMinutes\n");
        Instant first = Instant.parse("2027-01-04T08:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            csv.append("Bench meeting ").append(i).append(",Meeting,").append(first.plus(i, ChronoUnit.HOURS)).append(",30\n");
        }
        HttpResponse<String> imported = context.send(context.request("/api/v1/activities/bulk").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build());
        if (imported.statusCode() != 202) {
            throw new IllegalStateException("activity import: HTTP " + imported.statusCode() + " " + imported.body());
        }
        WebhookScenario.await(() -> hrefs(report(context, CALENDAR, syncCollection(""))).size() >= EVENTS, Duration.ofMinutes(10));
        InitialSync calendar = InitialSync.of(context, CALENDAR);
        m.put("calDavInitialEvents", calendar.items);
        m.put("calDavInitialSyncCollectionSeconds", calendar.listingSeconds);
        m.put("calDavInitialSeconds", calendar.seconds);
        results.row(NAME, "CalDAV initial sync, " + calendar.items + " events", Figures.oneDecimal(calendar.seconds) + " s",
                "sync-collection " + Figures.oneDecimal(calendar.listingSeconds) + " s + calendar-multiget by 1,000");
    }

    /** A client's first sync of a collection: sync-collection without a token, then multigets of 1,000 hrefs. */
    private record InitialSync(String listing, long items, double listingSeconds, double seconds) {
        static InitialSync of(BenchContext context, String collection) throws Exception {
            Stopwatch watch = Stopwatch.start();
            String listing = report(context, collection, syncCollection(""));
            double listingSeconds = watch.seconds();
            List<String> hrefs = hrefs(listing);
            long items = 0;
            for (int from = 0; from < hrefs.size(); from += 1000) {
                items += multiget(context, collection, hrefs.subList(from, Math.min(hrefs.size(), from + 1000)));
            }
            return new InitialSync(listing, items, listingSeconds, watch.seconds());
        }
    }

    private static String syncCollection(String token) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>" + token
                + "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>";
    }

    /** Fetches the items as a client does (addressbook-multiget or calendar-multiget); answers how many came back. */
    private static long multiget(BenchContext context, String collection, List<String> hrefs) throws Exception {
        boolean calendar = collection.equals(CALENDAR);
        String report = calendar ? "calendar-multiget" : "addressbook-multiget";
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><c:" + report + " xmlns:d=\"DAV:\" xmlns:c=\""
                + (calendar ? "urn:ietf:params:xml:ns:caldav" : "urn:ietf:params:xml:ns:carddav") + "\"><d:prop><d:getetag/><c:"
                + (calendar ? "calendar-data" : "address-data") + "/></d:prop>");
        hrefs.forEach(h -> body.append("<d:href>").append(h).append("</d:href>"));
        String answer = report(context, collection, body.append("</c:").append(report).append(">").toString());
        return answer.split(calendar ? "BEGIN:VEVENT" : "BEGIN:VCARD", -1).length - 1;
    }

    private static String report(BenchContext context, String collection, String body) throws Exception {
        HttpResponse<String> r = context.send(context.request(collection).header("Content-Type", "application/xml").header("Depth", "1")
                .method("REPORT", HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() != 207) {
            throw new IllegalStateException("REPORT: HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static List<String> hrefs(String multistatus) {
        List<String> hrefs = new ArrayList<>();
        Matcher m = HREF.matcher(multistatus);
        while (m.find()) {
            hrefs.add(m.group(1));
        }
        return hrefs;
    }

    private static String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in the answer");
        }
        return m.group(1);
    }
}
