package org.rapportcrm.automation.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.query.RecordPredicate;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries: one per event and matching subscription, kept in the delivery log with what was sent and
 * answered. Per subscription and record they go out in outbox order: while one of them fails, the later ones of that
 * record wait for it (other records go on), and a clustered task retries it with a back-off until it succeeds or turns
 * into a dead letter. At-least-once: a delivery whose answer was not recorded (the node died) is sent again, with the
 * same {@code webhook-id}.
 */
@Component(service = Deliveries.class, configurationPid = WebhooksConfig.PID)
@Designate(ocd = WebhooksConfig.class)
public class Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    static final String RETRY = "automation.webhook-retry";
    private static final int PAGE = 500;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** A pending delivery this old has lost its send (a crash, or a race with a finishing retry): the sweep hands it on. */
    static final Duration STRAGGLER = Duration.ofMinutes(1);

    private final RecordService records;
    private final TaskScheduler scheduler;
    private final DeliveryStore store;
    private final RecordFilters filters;
    private final WebhooksConfig config;
    private final WebhookSender sender;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Clock clock;
    /**
     * The active subscriptions as last read. Every change of a subscription, on any node, comes through the outbox in
     * order with the changes it applies to, so a batch holding one reads them again; no other batch needs to.
     */
    private volatile List<Record> activeWebhooks;

    @Activate
    public Deliveries(@Reference RecordService records, @Reference TaskScheduler scheduler, @Reference DeliveryStore store,
            @Reference RecordFilters filters, WebhooksConfig config) {
        this(records, scheduler, store, filters, config, Clock.systemUTC());
    }

    /** For tests: a clock that makes retries due, and dead letters, without waiting for them. */
    Deliveries(RecordService records, TaskScheduler scheduler, DeliveryStore store, RecordFilters filters, WebhooksConfig config, Clock clock) {
        this.clock = clock;
        this.records = records;
        this.scheduler = scheduler;
        this.store = store;
        this.filters = filters;
        this.config = config;
        this.sender = new WebhookSender(config);
    }

    @Deactivate
    void close() {
        sender.close();
    }

    /** Makes the deliveries of a batch of outbox entries and sends them; returns once each was tried (or is held). */
    void fanOut(List<OutboxEntry> batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (batch.stream().anyMatch(e -> e.recordType().equals(WebhookTypes.WEBHOOK))) {
            activeWebhooks = null;
        }
        List<Subscription> subscriptions = activeSubscriptions(now);
        if (subscriptions.isEmpty()) {
            return;
        }
        Map<String, RecordPredicate> predicates = new HashMap<>();
        List<Delivery> made = new ArrayList<>();
        for (OutboxEntry entry : batch) {
            if (entry.recordType().equals(WebhookTypes.WEBHOOK)) {
                continue; // subscriptions (and their secrets) are never sent
            }
            String body = null;
            for (Subscription s : subscriptions) {
                if (s.wants(entry) && passes(s, entry, predicates)) {
                    body = body == null ? body(entry) : body;
                    made.add(Delivery.made(s.id(), entry.sequence(), entry.recordType(), entry.recordId(), eventType(entry), body, now));
                }
            }
        }
        // A delivery's row is written once it has been tried, with how it went: until then the outbox position, which
        // moves only when this returns, is what brings the batch (and so the delivery) back after a crash. A batch given
        // again finds the deliveries it made before: those that had gone out are not sent twice, the others go out now.
        Map<String, Delivery> before = store.existing(made);
        List<Delivery> toSend = made.stream().map(d -> before.getOrDefault(d.messageId(), d))
                .filter(d -> Delivery.PENDING.equals(d.status())).toList();
        if (toSend.isEmpty()) {
            return;
        }
        Map<String, Subscription> byId = new HashMap<>();
        subscriptions.forEach(s -> byId.put(s.id(), s));
        Map<String, List<Delivery>> byKey = new LinkedHashMap<>();
        toSend.forEach(d -> byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
        Set<String> held = heldBehindEarlier(toSend);
        // The sends go out together across records, one after the other within a record.
        Map<String, Delivery> tried = new ConcurrentHashMap<>();
        Map<String, Instant> retries = new ConcurrentHashMap<>();
        Map<String, Optional<String>> refusals = new HashMap<>();
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        byKey.forEach((key, deliveries) -> {
            if (!held.contains(key)) {
                Subscription s = byId.get(deliveries.get(0).webhookId());
                Optional<String> refusal = refusals.computeIfAbsent(s.id(),
                        id -> Optional.ofNullable(Destinations.refusal(s.url(), config.allowPrivateAddresses())));
                sending.add(sendInOrder(key, s, refusal.orElse(null), deliveries, 0, tried, retries));
            }
        });
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();
        // One insert of the new deliveries (tried or, behind a failure, still pending), one update of those made before.
        List<Delivery> fresh = new ArrayList<>();
        List<Delivery> again = new ArrayList<>();
        for (Delivery d : toSend) {
            Delivery after = tried.getOrDefault(d.messageId(), d);
            if (!before.containsKey(d.messageId())) {
                fresh.add(after);
            } else if (after != d) {
                again.add(after);
            }
        }
        records.inTransaction(() -> {
            store.addAll(fresh);
            store.recordAll(again);
            retries.forEach(this::scheduleRetry);
            return null;
        });
    }

    /** The keys among these deliveries' whose subscription has an earlier delivery of the record still waiting. */
    private Set<String> heldBehindEarlier(List<Delivery> toSend) {
        long first = toSend.get(0).sequence();
        Map<String, Set<String>> recordsByWebhook = new LinkedHashMap<>();
        toSend.forEach(d -> recordsByWebhook.computeIfAbsent(d.webhookId(), k -> new java.util.LinkedHashSet<>()).add(d.recordId()));
        Set<String> held = new java.util.HashSet<>();
        recordsByWebhook.forEach((webhook, ids) -> held.addAll(store.keysWaitingBefore(webhook, ids, first)));
        return held;
    }

    private boolean passes(Subscription s, OutboxEntry entry, Map<String, RecordPredicate> predicates) {
        if (s.filter() == null) {
            return true;
        }
        String cacheKey = s.id() + "|" + entry.recordType();
        RecordPredicate predicate = predicates.get(cacheKey);
        if (predicate == null && !predicates.containsKey(cacheKey)) {
            try {
                predicate = filters.compile(entry.recordType(), s.filter());
            } catch (InvalidQueryException e) {
                // A field the filter names was removed since it was saved: nothing matches until the filter is fixed.
                LOG.warn("Webhook {}: its filter no longer applies to {} and matches nothing: {}", s.id(), entry.recordType(), e.getMessage());
            }
            predicates.put(cacheKey, predicate);
        }
        return predicate != null && predicate.test(entry.values(), entry.previousValues());
    }

    /**
     * Sends the deliveries from {@code index} on one after the other, collecting what each got; the first that fails
     * stops the others of its record and is handed to the retries.
     */
    private CompletableFuture<Void> sendInOrder(String key, Subscription subscription, String refusal, List<Delivery> deliveries, int index,
            Map<String, Delivery> tried, Map<String, Instant> retries) {
        if (index >= deliveries.size()) {
            return CompletableFuture.completedFuture(null);
        }
        return send(subscription, refusal, deliveries.get(index)).thenCompose(after -> {
            tried.put(after.messageId(), after);
            if (Delivery.RETRYING.equals(after.status())) {
                retries.put(key, after.nextAttempt());
                return CompletableFuture.completedFuture(null);
            }
            return sendInOrder(key, subscription, refusal, deliveries, index + 1, tried, retries); // delivered, or a dead letter: go on
        });
    }

    /** One try of one delivery: the delivery as it is after it, with when the next try is due. */
    private CompletableFuture<Delivery> send(Subscription subscription, String refusal, Delivery delivery) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CompletableFuture<WebhookSender.Outcome> sent = refusal != null
                ? CompletableFuture.completedFuture(new WebhookSender.Outcome(0, null, "The URL " + refusal))
                : sender.send(subscription.url(), subscription.secrets(), delivery.messageId(), now.getEpochSecond(),
                        delivery.request().getBytes(StandardCharsets.UTF_8));
        return sent.thenApply(outcome -> {
            String error = outcome.error() == null ? (outcome.delivered() ? null : "HTTP " + outcome.status())
                    : outcome.error().length() > 1000 ? outcome.error().substring(0, 1000) : outcome.error();
            Integer status = outcome.status() == 0 ? null : outcome.status();
            Instant first = delivery.firstAttempt() == null ? now : delivery.firstAttempt();
            if (outcome.delivered()) {
                return delivery.tried(now, Delivery.DELIVERED, null, status, outcome.response(), error);
            }
            if (first.plus(Duration.ofHours(config.retryHours())).isBefore(now)) {
                return delivery.tried(now, Delivery.DEAD, null, status, outcome.response(), error);
            }
            return delivery.tried(now, Delivery.RETRYING, now.plus(backoff(delivery.attempts() + 1L)), status, outcome.response(), error);
        });
    }

    /** 5 s after the first failure, doubling up to an hour. */
    static Duration backoff(long attempts) {
        Duration wait = Duration.ofSeconds(5).multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private void scheduleRetry(String key, Instant at) {
        scheduler.schedule(RETRY, key, at == null ? clock.instant() : at, Map.of());
    }

    /**
     * The retry of one subscription's deliveries for one record: sends what waits, oldest first, and says when to come
     * back if one fails again (empty when nothing is left).
     */
    Optional<Instant> retry(String key) {
        String[] parts = key.split("\\|", 2);
        Record webhook;
        try {
            webhook = records.get(Actor.system(), WebhookTypes.WEBHOOK, parts[0]);
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        }
        if (!Boolean.TRUE.equals(webhook.get("active"))) {
            return Optional.empty(); // deliveries stay as they are; a replay sends them once it is active again
        }
        Subscription subscription = Subscription.of(webhook, clock.instant());
        String refusal = Destinations.refusal(subscription.url(), config.allowPrivateAddresses());
        List<Delivery> waiting = store.waiting(parts[0], parts[1], PAGE);
        for (Delivery d : waiting) {
            if (d.nextAttempt() != null && d.nextAttempt().isAfter(clock.instant())) {
                return Optional.of(d.nextAttempt());
            }
            Delivery after = send(subscription, refusal, d).join();
            store.recordAll(List.of(after));
            if (Delivery.RETRYING.equals(after.status())) {
                return Optional.of(after.nextAttempt());
            }
        }
        return waiting.size() >= PAGE ? Optional.of(clock.instant()) : Optional.empty();
    }

    /**
     * Hands the retries every delivery that has waited as pending for over a minute without going out: those made while
     * a retry of their record was finishing, or whose send a crash cut off. Returns how many records' deliveries were
     * handed over.
     */
    int sweep() {
        Set<String> keys = store.pendingKeysOlderThan(clock.instant().minus(STRAGGLER), 1000);
        keys.forEach(k -> scheduler.scheduleIfAbsent(RETRY, k, clock.instant(), Map.of()));
        return keys.size();
    }

    /** Sends one delivery again (a replay): it goes out behind any earlier one of its record that still waits. */
    void replay(Delivery delivery) {
        replayAll(List.of(delivery));
    }

    private void replayAll(List<Delivery> deliveries) {
        records.inTransaction(() -> {
            store.makePending(deliveries);
            deliveries.stream().map(Delivery::key).distinct().forEach(k -> scheduleRetry(k, clock.instant()));
            return null;
        });
    }

    /** Sends the subscription's dead letters again; returns how many. */
    int replayDead(String webhookId) {
        int n = 0;
        List<Delivery> dead;
        do {
            dead = store.dead(webhookId, PAGE);
            replayAll(dead);
            n += dead.size();
        } while (dead.size() == PAGE);
        return n;
    }

    /**
     * Sends the subscription the events it matches among those given (what the outbox still holds since a point in
     * time): a delivery made before goes out again, with its message id; one it never had is made. Returns how many.
     */
    int replaySince(Record webhook, List<OutboxEntry> entries) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Subscription subscription = Subscription.of(webhook, now);
        Map<String, RecordPredicate> predicates = new HashMap<>();
        List<Delivery> made = new ArrayList<>();
        for (OutboxEntry entry : entries) {
            if (subscription.wants(entry) && !entry.recordType().equals(WebhookTypes.WEBHOOK) && passes(subscription, entry, predicates)) {
                made.add(Delivery.made(subscription.id(), entry.sequence(), entry.recordType(), entry.recordId(), eventType(entry), body(entry), now));
            }
        }
        List<Delivery> again = new ArrayList<>();
        for (int i = 0; i < made.size(); i += PAGE) {
            again.addAll(store.add(made.subList(i, Math.min(made.size(), i + PAGE))));
        }
        replayAll(again);
        return again.size();
    }

    Optional<Delivery> find(String webhookId, String messageId) {
        long sequence = Delivery.sequenceOf(messageId, webhookId);
        return sequence < 0 ? Optional.empty() : store.find(webhookId, sequence);
    }

    List<Delivery> page(String webhookId, String status, Long beforeSequence, int limit) {
        return store.page(webhookId, status, beforeSequence, limit);
    }

    /** Deletes what the log no longer needs to keep; returns how many. */
    int expire() {
        return store.deleteDoneBefore(clock.instant().minus(Duration.ofDays(config.retentionDays())));
    }

    private List<Subscription> activeSubscriptions(Instant now) {
        List<Record> webhooks = activeWebhooks;
        if (webhooks == null) {
            List<Record> read = new ArrayList<>();
            String cursor = null;
            do {
                Page<Record> page = records.query(Actor.system(), Query.of(WebhookTypes.WEBHOOK).where(Filter.eq("active", true)).limit(PAGE).after(cursor));
                read.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            webhooks = List.copyOf(read);
            activeWebhooks = webhooks;
        }
        return webhooks.stream().map(r -> Subscription.of(r, now)).toList();
    }

    /**
     * Sends one message to a subscription's URL now, signed with its secrets and checked like its deliveries (no
     * internal addresses unless allowed), as a workflow rule's "call a webhook" does: empty when the receiver took it
     * (2xx), else what went wrong. Waits at most the configured timeout; retrying is the caller's business.
     */
    public Optional<String> call(String webhookId, String messageId, Map<String, Object> message) {
        Record webhook;
        try {
            webhook = records.get(Actor.system(), WebhookTypes.WEBHOOK, webhookId);
        } catch (RecordNotFoundException e) {
            return Optional.of("the webhook subscription " + webhookId + " no longer exists");
        }
        if (!Boolean.TRUE.equals(webhook.get("active"))) {
            return Optional.of("the webhook subscription '" + webhook.get("name") + "' is not active");
        }
        Subscription subscription = Subscription.of(webhook, clock.instant());
        String refusal = Destinations.refusal(subscription.url(), config.allowPrivateAddresses());
        if (refusal != null) {
            return Optional.of("The URL " + refusal);
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        WebhookSender.Outcome outcome = sender.send(subscription.url(), subscription.secrets(), messageId, clock.instant().getEpochSecond(), body).join();
        if (outcome.delivered()) {
            return Optional.empty();
        }
        return Optional.of(outcome.error() != null ? outcome.error() : "HTTP " + outcome.status() + (outcome.response() == null ? "" : ": " + outcome.response()));
    }

    static String eventType(OutboxEntry entry) {
        return entry.recordType() + "." + entry.kind().toLowerCase(Locale.ROOT);
    }

    /** The message as the Standard Webhooks specification shapes it: type, timestamp and data. */
    private String body(OutboxEntry entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sequence", entry.sequence());
        data.put("recordType", entry.recordType());
        data.put("id", entry.recordId());
        data.put("version", entry.version());
        data.put("actor", entry.actorId());
        data.put("changedFields", entry.changedFields().stream().sorted().toList());
        data.put("record", entry.values());
        data.put("previousValues", entry.previousValues());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", eventType(entry));
        message.put("timestamp", entry.time().toString());
        message.put("data", data);
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
