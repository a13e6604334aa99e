package org.rapportcrm.bench.runner;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.rapportcrm.bench.probe.internal.ContactData;

/** Scenario 2: single creates, {@code POST /contacts} one contact at a time, with 1 and with 8 clients. */
final class CreateScenario implements Scenario {
    static final String NAME = "2 create";
    /** Far from the imported rows 1..N and the warm-up's: a contact's e-mail carries its row number. */
    private static final long FIRST_ROW = 800_000_000L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        AtomicLong nextRow = new AtomicLong(FIRST_ROW);
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("create", m);
        for (int clients : List.of(1, 8)) {
            Load.Result r = context.load("create-" + clients, clients, 201, (c, n, random) -> context.request("/api/v1/contacts")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json(context, ContactData.of(nextRow.getAndIncrement(), BenchContext.SEED))))
                    .build());
            m.put(clients + " clients", r.toMap());
            results.row(NAME, "POST /contacts, " + clients + (clients == 1 ? " client" : " clients"),
                    String.format("%,.0f records/s", r.perSecond()), r.latencySummary() + r.errorSuffix());
        }
    }

    private static String json(BenchContext context, ContactData d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", d.firstName);
        body.put("lastName", d.lastName);
        body.put("email", d.email);
        body.put("phone", d.phone);
        body.put("title", d.title);
        body.put("department", d.department);
        body.put("city", d.city);
        body.put("country", d.country);
        body.put("birthdate", d.birthdate.toString());
        try {
            return context.json().writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
