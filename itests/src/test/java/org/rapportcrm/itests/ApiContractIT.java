package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API keeps the contract its OpenAPI document states, under any input: a fuzzer driven by the document sends
 * valid and invalid requests to every operation of a server of its own (it creates, changes and deletes at random).
 */
class ApiContractIT {
    /** Cases per operation and seed: fixed, so a failure replays with {@code ApiFuzzer <base> admin <password> 4 20261204}. */
    private static final int CASES = 4;
    private static final long SEED = 20261204L;
    private static RapportServer.Running running;

    @BeforeAll
    static void start() {
        running = RapportServer.startOwn();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void everyOperationAnswersAsDocumentedForValidAndInvalidRequests() throws Exception {
        ApiFuzzer fuzzer = new ApiFuzzer(running.server.baseUrl + "/api/v1", "admin", RapportServer.ADMIN_PASSWORD, SEED,
                // Not to be changed at random: the administrator's own account and session, and installed capabilities.
                Set.of("/admin", "/setup", "/session", "/users"));
        List<ApiFuzzer.Finding> findings = fuzzer.run(CASES);
        System.out.println("Fuzzer: " + fuzzer.requests() + " requests, " + findings.size() + " findings");
        assertTrue(fuzzer.requests() > 1000, "the document lists too few operations: " + fuzzer.requests() + " requests");
        assertEquals(List.of(), findings.stream().map(ApiFuzzer.Finding::toString).toList());
    }
}
