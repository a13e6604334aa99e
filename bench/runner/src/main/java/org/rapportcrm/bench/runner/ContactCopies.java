package org.rapportcrm.bench.runner;

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
        long rows = context.json().readTree(copied.body()).path("rows").asLong();
        System.out.printf("bench: %,d contacts copied by SQL in %.1f s%n", rows, copying.seconds());
        results.put("contactCopies", java.util.Map.of("copies", copies, "rows", rows, "seconds", Figures.round(copying.seconds())));
        results.row("setup", "contacts copied", String.format("+%,d rows", rows), String.format("%d copies by INSERT ... SELECT, %.1f s",
                copies, copying.seconds()));
    }
}
