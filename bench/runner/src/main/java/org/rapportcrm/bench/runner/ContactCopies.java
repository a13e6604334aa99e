package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * With {@code -Dbench.copies=K}, K copies of every imported contact are added by SQL after the import (setup, not
 * measured; new ids, the same values): {@code -Dbench.records=100000 -Dbench.copies=9} gives the later scenarios
 * 1,000,000 contacts without importing them all.
 */
final class ContactCopies {
    private ContactCopies() {
    }

    static void add(BenchContext context, Results results) throws Exception {
        int copies = Integer.getInteger("bench.copies", 0);
        if (copies <= 0) {
            return;
        }
        Stopwatch copying = Stopwatch.start();
        // One request for the whole copy: on Derby 945,000 rows take longer than the client's usual 10 minutes.
        HttpResponse<String> copied = context.send(context.request("/api/v1/bench-probe/copy-contacts?copies=" + copies)
                .timeout(Duration.ofHours(2)).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (copied.statusCode() != 200) {
            throw new IllegalStateException("copying contacts: HTTP " + copied.statusCode() + " " + copied.body());
        }
        JsonNode answer = context.json().readTree(copied.body());
        long rows = answer.path("rows").asLong();
        System.out.printf("bench: %,d contacts copied by SQL in %.1f s%n", rows, copying.seconds());
        results.put("contactCopies", java.util.Map.of("copies", copies, "rows", rows, "seconds", Figures.round(copying.seconds())));
        results.row("setup", "contacts copied", String.format("+%,d rows", rows), String.format("%d copies by INSERT ... SELECT, %.1f s",
                copies, copying.seconds()));
        if (rows > 0) {
            awaitSearchable(context, results, copies, answer.path("lastOriginal").asText());
        }
    }

    /**
     * Until the search index has taken the copies in: the address of the contact whose copies it reaches last then
     * finds that contact and each of its copies.
     */
    private static void awaitSearchable(BenchContext context, Results results, int copies, String lastOriginal) throws Exception {
        Stopwatch indexing = Stopwatch.start();
        String address = context.getJson("/api/v1/contacts/" + lastOriginal).path("email").asText();
        if (!address.contains("@")) {
            System.out.printf("bench: contact %s has no address; not waiting for the search index%n", lastOriginal);
            return;
        }
        String query = "/api/v1/search?limit=50&q=" + BenchContext.urlEncode(address.substring(0, address.indexOf('@')));
        Awaits.await(() -> {
            int found = 0;
            for (JsonNode hit : context.getJson(query).path("items")) {
                found += "contact".equals(hit.path("type").asText()) && address.equals(hit.path("record").path("email").asText()) ? 1 : 0;
            }
            return found > copies;
        }, Duration.ofMinutes(30));
        System.out.printf("bench: the search index took the copies in %.1f s later%n", indexing.seconds());
        results.row("setup", "copies searchable", String.format("%.1f s", indexing.seconds()), "after the copy, until a contact's address finds it and its copies");
    }
}
