package org.rapportcrm.bench.runner;

import static org.rapportcrm.bench.runner.BenchContext.urlEncode;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scenario 3: reads by id and filtered, sorted lists, each under load and then against the probe's bare servlet
 * answering the same body in the same server, which is the ceiling for the API's throughput.
 */
final class ReadsScenario implements Scenario {
    static final String NAME = "3 reads";

    private record ListRequest(String name, String query) {
    }

    private static final List<ListRequest> LISTS = List.of(
            new ListRequest("list lastName sw 'Sch', sort lastName", "filter=" + urlEncode("lastName sw 'Sch'") + "&sort=lastName&limit=50"),
            new ListRequest("list country eq 'Germany', sort lastName", "filter=" + urlEncode("country eq 'Germany'") + "&sort=lastName&limit=50"),
            new ListRequest("list first page, default sort (id)", "limit=50"),
            new ListRequest("list lastName eq 'Weber', sort -updatedAt", "filter=" + urlEncode("lastName eq 'Weber'") + "&sort=-updatedAt&limit=50"));

    private final List<String> ids;

    /** @param ids contacts to read, from {@link #sampleIds} */
    ReadsScenario(List<String> ids) {
        this.ids = ids;
    }

    /**
     * Ids from the first pages by id: UUIDs, so they are spread over the whole table. (Only ascending: Derby has no
     * index that reads the ids backwards, and a large table refuses a sort no index serves.)
     */
    static List<String> sampleIds(BenchContext context, Results results) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        String cursor = null;
        for (int page = 0; page < 6; page++) {
            JsonNode body = context.getJson("/api/v1/contacts?limit=1000&sort=id" + (cursor == null ? "" : "&cursor=" + cursor));
            body.path("items").forEach(i -> ids.add(i.path("id").asText()));
            cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
            if (cursor == null) {
                break;
            }
        }
        System.out.printf("bench: %,d contact ids sampled (first pages by id: UUIDs, so spread over the table)%n", ids.size());
        results.put("sampledIds", ids.size());
        return new ArrayList<>(ids);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Map<String, Object> reads = new LinkedHashMap<>();
        results.put("reads", reads);
        readById(context, results, reads);
        for (ListRequest list : LISTS) {
            readList(context, results, reads, list);
        }
        Double maxRss = context.rss().maxMb(NAME);
        reads.put("rssUnderLoadMaxMb", maxRss);
        results.row(Footprint.SCENARIO, "max RSS under load (scenario 3)", Figures.oneDecimal(maxRss == null ? -1.0 : maxRss) + " MB",
                "sampled every 250 ms");
    }

    private void readById(BenchContext context, Results results, Map<String, Object> reads) throws Exception {
        String recordBody = context.get("/api/v1/contacts/" + ids.get(0)).body();
        Load.Result byId = context.load("read-by-id", context.options().clients(), 200,
                (c, n, random) -> context.request("/api/v1/contacts/" + ids.get(random.nextInt(ids.size()))).GET().build());
        compareWithBare(context, results, reads, "read by id", "GET /contacts/{id}", byId, recordBody);
    }

    private static void readList(BenchContext context, Results results, Map<String, Object> reads, ListRequest list) throws Exception {
        String path = "/api/v1/contacts?" + list.query();
        HttpResponse<String> first = context.get(path);
        if (first.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + first.statusCode() + " " + first.body());
        }
        long total = context.total(path);
        Load.Result api = context.load(list.name(), context.options().clients(), 200, (c, n, random) -> context.request(path).GET().build());
        Map<String, Object> entry = compareWithBare(context, results, reads, list.name(), "GET /contacts?" + list.query(), api, first.body());
        entry.put("matchingRows", total);
    }

    /** Loads the bare servlet, serving {@code body}, as the API was loaded, and records both side by side. */
    private static Map<String, Object> compareWithBare(BenchContext context, Results results, Map<String, Object> reads, String name,
            String request, Load.Result api, String body) throws Exception {
        int clients = context.options().clients();
        String bare = "/bench/bare/" + name.replaceAll("[^a-zA-Z0-9]+", "-");
        HttpResponse<String> put = context.send(context.bareRequest(bare).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (put.statusCode() != 204) {
            throw new IllegalStateException("bare servlet PUT: HTTP " + put.statusCode());
        }
        Load.Result bareResult = context.load("bare " + name, clients, 200, (c, n, random) -> context.bareRequest(bare).GET().build());
        double ratio = api.perSecond() / bareResult.perSecond();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("request", request);
        entry.put("api", api.toMap());
        entry.put("bareServlet", bareResult.toMap());
        entry.put("throughputRatioToBare", Figures.ratio(api.perSecond(), bareResult.perSecond()));
        reads.put(name, entry);
        results.row(NAME, name + " (" + clients + " clients)", api.latencySummary(),
                String.format("%,.0f req/s, %,d B; bare %,.0f req/s (p50 %.2f ms): %.2fx%s", api.perSecond(), api.avgBytes(),
                        bareResult.perSecond(), bareResult.p50(), ratio, api.errorSuffix()));
        return entry;
    }
}
