package org.rapportcrm.automation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.platform.core.internal.CoreFixture.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * What a webhook receiver can rely on: every change it subscribed to arrives signed, in order per record, at least
 * once; a receiver that fails gets the events again later, in order, and what it never took becomes a dead letter that
 * an administrator can replay; the log shows what was sent and answered.
 */
class DeliveriesTest {
    private WebhooksFixture hooks;

    @AfterEach
    void close() {
        if (hooks != null) {
            hooks.close();
        }
    }

    private Record account(String name) {
        return hooks.core.records.create(Actor.system(), "account", Map.of("name", name));
    }

    private Record rename(Record r, String name) {
        return hooks.core.records.update(Actor.system(), "account", r.getId(), r.getVersion(), Map.of("name", name));
    }

    @Test
    void changesArriveSignedAndInOrderPerRecordAndTheLogShowsThemDelivered() throws Exception {
        hooks = new WebhooksFixture();
        Record webhook = hooks.subscribe(Map.of("recordTypes", "account"));
        Record a = account("Order Ltd");
        Record b = account("Other Ltd");
        a = rename(a, "Order Ltd (1)");
        rename(a, "Order Ltd (2)");
        hooks.core.records.create(Actor.system(), "contact", Map.of("lastName", "Not subscribed"));

        String aId = a.getId();
        await("4 deliveries", () -> hooks.received.size() >= 4);
        assertEquals(List.of("account.created 1", "account.updated 2", "account.updated 3"), hooks.eventsOf(aId));
        assertEquals(List.of("account.created 1"), hooks.eventsOf(b.getId()));
        assertEquals(0, hooks.badSignatures.get());
        await("the log says delivered", () -> hooks.log(webhook).size() == 4 && hooks.log(webhook).stream().allMatch(d -> d.status().equals(Delivery.DELIVERED)));
        Delivery first = hooks.log(webhook).get(0);
        assertTrue(hooks.received.stream().anyMatch(r -> r.messageId().equals(first.messageId())), "logged under the webhook-id sent");
        assertEquals("msg_" + first.sequence() + "_" + webhook.getId(), first.messageId());
        assertEquals(204, first.responseStatus());
        assertEquals(1, first.attempts());
        assertNotNull(first.lastAttempt());
        assertTrue(first.request().contains("\"name\":\"Order Ltd\""), first.request());
    }

    @Test
    void whileOneDeliveryFailsTheLaterOnesOfItsRecordWaitAndOtherRecordsGoOn() throws Exception {
        hooks = new WebhooksFixture();
        Record webhook = hooks.subscribe(Map.of("recordTypes", "account"));
        hooks.answer.set(503);
        Record a = account("Patient GmbH");
        await("the first attempt failed", () -> hooks.log(webhook).stream().anyMatch(d -> d.status().equals(Delivery.RETRYING)));
        Delivery failed = hooks.log(webhook).get(0);
        assertEquals(503, failed.responseStatus());
        assertTrue(failed.response().contains("down for maintenance"), failed.response());
        assertEquals(failed.lastAttempt().plus(Duration.ofSeconds(5)), failed.nextAttempt());

        hooks.answer.set(204);
        rename(a, "Patient GmbH (1)");
        Record other = account("Unrelated AG");
        await("the other record's event", () -> !hooks.eventsOf(other.getId()).isEmpty());
        await("the update is logged, waiting", () -> hooks.log(webhook).size() == 3);
        assertEquals(List.of(), hooks.eventsOf(a.getId()));
        assertEquals(Delivery.PENDING, hooks.log(webhook).stream().filter(d -> d.event().equals("account.updated")).findFirst().orElseThrow().status());

        assertEquals(java.util.Optional.of(failed.nextAttempt()), hooks.deliveries.retry(failed.key()), "not due yet: nothing is sent before its time");
        assertEquals(List.of(), hooks.eventsOf(a.getId()));
        hooks.clock.advance(Duration.ofSeconds(6));
        assertTrue(hooks.deliveries.retry(failed.key()).isEmpty(), "nothing left to retry");
        assertEquals(List.of("account.created 1", "account.updated 2"), hooks.eventsOf(a.getId()));
        assertTrue(hooks.log(webhook).stream().allMatch(d -> d.status().equals(Delivery.DELIVERED)));
        assertEquals(2, hooks.log(webhook).get(0).attempts());
    }

    @Test
    void whatAReceiverNeverTakesBecomesADeadLetterThatCanBeReplayed() throws Exception {
        hooks = new WebhooksFixture(Map.of("retryHours", 0));
        Record webhook = hooks.subscribe(Map.of());
        hooks.answer.set(500);
        Record a = account("Gone Inc");
        await("the first attempt failed", () -> hooks.log(webhook).stream().anyMatch(d -> d.status().equals(Delivery.RETRYING)));
        hooks.clock.advance(Duration.ofSeconds(6));
        hooks.deliveries.retry(hooks.log(webhook).get(0).key());
        Delivery dead = hooks.log(webhook).get(0);
        assertEquals(Delivery.DEAD, dead.status());
        assertNull(dead.nextAttempt());
        assertEquals("HTTP 500", dead.error());

        hooks.answer.set(204);
        assertEquals(1, hooks.deliveries.replayDead(webhook.getId()));
        hooks.core.tasks.runAll(hooks.retries);
        assertEquals(List.of("account.created 1"), hooks.eventsOf(a.getId()));
        assertEquals(dead.messageId(), hooks.received.get(0).messageId());
        assertEquals(Delivery.DELIVERED, hooks.log(webhook).get(0).status());
    }

    @Test
    void oneDeliveryReplayedGoesOutAgainWithItsWebhookId() throws Exception {
        hooks = new WebhooksFixture();
        Record webhook = hooks.subscribe(Map.of());
        Record a = account("Again Ltd");
        await("delivered and logged", () -> hooks.log(webhook).size() == 1);
        Delivery delivered = hooks.log(webhook).get(0);

        hooks.deliveries.replay(hooks.deliveries.find(webhook.getId(), delivered.messageId()).orElseThrow());
        hooks.core.tasks.runAll(hooks.retries);
        assertEquals(List.of("account.created 1", "account.created 1"), hooks.eventsOf(a.getId()));
        assertEquals(delivered.messageId(), hooks.received.get(1).messageId());
        assertEquals(2, hooks.log(webhook).get(0).attempts());
    }

    @Test
    void aBatchGivenAgainAfterACrashMakesNoSecondDeliveryAndSendsWhatHadNotGoneOut() throws Exception {
        hooks = new WebhooksFixture();
        Record webhook = hooks.subscribe(Map.of());
        Record a = account("Crash Ltd");
        await("delivered and logged", () -> hooks.log(webhook).size() == 1);
        Delivery made = hooks.log(webhook).get(0);
        OutboxEntry entry = new OutboxEntry(made.sequence(), "CREATED", "account", a.getId(), 1, Instant.now(), null, java.util.Set.of(),
                Map.of("name", "Crash Ltd"), Map.of());

        hooks.deliveries.fanOut(List.of(entry)); // delivered before the crash: not again
        assertEquals(1, hooks.received.size());
        hooks.store.makePending(List.of(made)); // made, but its send was cut off by the crash
        hooks.deliveries.fanOut(List.of(entry));
        assertEquals(2, hooks.received.size());
        assertEquals(made.messageId(), hooks.received.get(1).messageId());
        assertEquals(1, hooks.log(webhook).size());
    }

    @Test
    void aPendingDeliveryLeftWithoutASendIsHandedToTheRetriesByTheSweep() throws Exception {
        hooks = new WebhooksFixture();
        Record webhook = hooks.subscribe(Map.of());
        account("Straggler Ltd");
        await("delivered and logged", () -> hooks.log(webhook).size() == 1);
        hooks.store.makePending(hooks.log(webhook)); // made, its send cut off, and no retry scheduled

        assertEquals(0, hooks.deliveries.sweep(), "a pending delivery is given a minute to go out by itself");
        hooks.clock.advance(Deliveries.STRAGGLER.plusSeconds(1));
        assertEquals(1, hooks.deliveries.sweep());
        hooks.core.tasks.runAll(hooks.retries);
        assertEquals(2, hooks.received.size());
        assertEquals(Delivery.DELIVERED, hooks.log(webhook).get(0).status());
    }

    @Test
    void aFilterSendsOnlyTheChangesOfRecordsItMatchesAndIsCheckedWhenSaved() throws Exception {
        hooks = new WebhooksFixture();
        ValidationException unknownField = assertThrows(ValidationException.class,
                () -> hooks.subscribe(Map.of("recordTypes", "account", "filter", "colour eq 'red'")));
        assertEquals("filter", unknownField.getErrors().get(0).field());
        ValidationException noType = assertThrows(ValidationException.class, () -> hooks.subscribe(Map.of("filter", "name sw 'Big'")));
        assertEquals("filter", noType.getErrors().get(0).field());

        Record webhook = hooks.subscribe(Map.of("recordTypes", "account", "filter", "name sw 'Big'"));
        Record small = account("Small Shop");
        Record big = account("Big Corp");
        rename(small, "Big Shop");
        await("two deliveries", () -> hooks.received.size() >= 2);
        assertEquals(List.of("account.created 1"), hooks.eventsOf(big.getId()));
        assertEquals(List.of("account.updated 2"), hooks.eventsOf(small.getId()));
        await("both logged", () -> hooks.log(webhook).size() == 2);
    }

    @Test
    void theLogIsReadAPageAtATimeNewestFirstAndByStatus() throws Exception {
        hooks = new WebhooksFixture();
        Record webhook = hooks.subscribe(Map.of());
        for (int i = 0; i < 5; i++) {
            account("Paged " + i);
        }
        await("5 deliveries logged", () -> hooks.log(webhook).size() == 5);
        List<Delivery> first = hooks.deliveries.page(webhook.getId(), null, null, 3);
        List<Delivery> second = hooks.deliveries.page(webhook.getId(), null, first.get(2).sequence(), 3);
        List<Long> sequences = new ArrayList<>();
        first.forEach(d -> sequences.add(d.sequence()));
        second.forEach(d -> sequences.add(d.sequence()));
        assertEquals(5, sequences.size());
        assertEquals(sequences.stream().sorted(java.util.Comparator.reverseOrder()).toList(), sequences);
        assertEquals(5, hooks.deliveries.page(webhook.getId(), Delivery.DELIVERED, null, 10).size());
        assertEquals(0, hooks.deliveries.page(webhook.getId(), Delivery.DEAD, null, 10).size());
    }

    @Test
    void theRetentionDeletesDeliveriesDoneWithAndKeepsThoseStillToGoOut() throws Exception {
        hooks = new WebhooksFixture(Map.of("retentionDays", 7));
        Record webhook = hooks.subscribe(Map.of("recordTypes", "account"));
        account("Old and done");
        await("delivered and logged", () -> hooks.log(webhook).size() == 1);
        hooks.answer.set(503);
        account("Old and waiting");
        await("the second failed", () -> hooks.log(webhook).stream().anyMatch(d -> d.status().equals(Delivery.RETRYING)));

        assertEquals(0, hooks.deliveries.expire());
        hooks.clock.advance(Duration.ofDays(8));
        assertEquals(1, hooks.deliveries.expire());
        assertEquals(List.of(Delivery.RETRYING), hooks.log(webhook).stream().map(Delivery::status).toList());
    }

    @Test
    void deletingASubscriptionDeletesItsLog() throws Exception {
        hooks = new WebhooksFixture();
        Record webhook = hooks.subscribe(Map.of());
        account("Logged Ltd");
        await("delivered and logged", () -> hooks.log(webhook).size() == 1);
        hooks.core.records.delete(Actor.system(), WebhookTypes.WEBHOOK, webhook.getId(), webhook.getVersion());
        assertEquals(List.of(), hooks.log(webhook));
    }

    @Test
    void aSubscriptionPausedOrAddedWhileChangesFlowTakesEffectFromTheNextChange() throws Exception {
        hooks = new WebhooksFixture();
        Record first = hooks.subscribe(Map.of("recordTypes", "account"));
        Record before = account("Before Ltd");
        await("delivered to the first subscription", () -> hooks.log(first).size() == 1);

        hooks.core.records.update(Actor.system(), WebhookTypes.WEBHOOK, first.getId(), first.getVersion(), Map.of("active", false));
        Record whilePaused = account("Paused Ltd");
        Record second = hooks.subscribe(Map.of("recordTypes", "account"));
        Record after = account("After Ltd");

        await("the later change reaches the new subscription", () -> hooks.log(second).stream().anyMatch(d -> d.recordId().equals(after.getId())));
        assertEquals(List.of("account.created 1"), hooks.eventsOf(before.getId()));
        // (The new subscription may get the change made just before it: subscriptions are read per batch of changes.)
        assertTrue(hooks.received.stream().noneMatch(r -> r.recordId().equals(whilePaused.getId()) && r.messageId().endsWith(first.getId())),
                "a paused subscription gets nothing");
        assertEquals(List.of("account.created 1"), hooks.eventsOf(after.getId()));
        assertEquals(1, hooks.log(first).size());
    }
}
