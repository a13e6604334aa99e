package org.rapportcrm.automation.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Webhook deliveries: one per event and matching subscription, kept as a record with what was sent and answered.
 * Per subscription and record they go out in outbox order: while one of them fails, the later ones of that record
 * wait for it (other records go on), and a clustered task retries it with a back-off until it succeeds or turns into
 * a dead letter. At-least-once: a delivery whose answer was not recorded (the node died) is sent again, with the same
 * {@code webhook-id}.
 */
@Component(service = Deliveries.class, configurationPid = WebhooksConfig.PID)
@Designate(ocd = WebhooksConfig.class)
public class Deliveries {
    static final String RETRY = "automation.webhook-retry";
    private static final int PAGE = 500;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final RecordService records;
    private final TaskScheduler scheduler;
    private final WebhooksConfig config;
    private final WebhookSender sender;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Activate
    public Deliveries(@Reference RecordService records, @Reference TaskScheduler scheduler, WebhooksConfig config) {
        this.records = records;
        this.scheduler = scheduler;
        this.config = config;
        this.sender = new WebhookSender(config);
    }

    /** Makes the deliveries of a batch of outbox entries and sends them; returns once each was tried (or is held). */
    void fanOut(List<OutboxEntry> batch) {
        List<Record> subscriptions = activeSubscriptions();
        if (subscriptions.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OutboxEntry entry : batch) {
            if (entry.recordType().equals(WebhookTypes.WEBHOOK) || entry.recordType().equals(WebhookTypes.DELIVERY)) {
                continue; // our own bookkeeping is never sent
            }
            for (Record s : subscriptions) {
                if (matches(s, entry)) {
                    rows.add(newDelivery(s, entry));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        // A batch given again after a crash: deliveries already made fail on their unique message id and are not made
        // twice; those of them that had not gone out yet go out now.
        BatchResult result = records.createAll(Actor.system(), WebhookTypes.DELIVERY, rows);
        List<Record> created = new ArrayList<>(result.created());
        if (!result.failures().isEmpty()) {
            List<Object> repeated = result.failures().keySet().stream().map(i -> rows.get(i).get("messageId")).toList();
            created.addAll(all(Query.of(WebhookTypes.DELIVERY).where(Filter.and(Filter.in("messageId", repeated),
                    Filter.eq("status", WebhookTypes.PENDING)))));
            created.sort(Comparator.comparingLong(d -> ((Number) d.get("sequence")).longValue()));
        }
        Map<String, Record> byId = new HashMap<>();
        subscriptions.forEach(s -> byId.put(s.getId(), s));
        Map<String, List<Record>> byKey = new LinkedHashMap<>();
        for (Record d : created) {
            byKey.computeIfAbsent(key(d), k -> new ArrayList<>()).add(d);
        }
        // The sends go out in parallel across records; what they got is written afterwards in one transaction.
        Map<Record, Map<String, Object>> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Instant> retries = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        byKey.forEach((key, deliveries) -> {
            if (scheduler.status(RETRY, key).isPresent()) {
                return; // an earlier event of this record is being retried: these wait behind it
            }
            sending.add(sendInOrder(key, byId.get(deliveries.get(0).get("webhook").toString()), deliveries, 0, outcomes, retries));
        });
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();
        records.inTransaction(() -> {
            outcomes.forEach(this::record);
            retries.forEach(this::scheduleRetry);
            return null;
        });
    }

    /**
     * Sends the deliveries from {@code index} on one after the other, collecting what each got; the first that fails
     * stops the others of its record and is handed to the retries.
     */
    private CompletableFuture<Void> sendInOrder(String key, Record subscription, List<Record> deliveries, int index,
            Map<Record, Map<String, Object>> outcomes, Map<String, Instant> retries) {
        if (index >= deliveries.size()) {
            return CompletableFuture.completedFuture(null);
        }
        Record delivery = deliveries.get(index);
        return send(subscription, delivery).thenCompose(changes -> {
            outcomes.put(delivery, changes);
            if (WebhookTypes.RETRYING.equals(changes.get("status"))) {
                retries.put(key, (Instant) changes.get("nextAttempt"));
                return CompletableFuture.completedFuture(null);
            }
            return sendInOrder(key, subscription, deliveries, index + 1, outcomes, retries); // delivered, or a dead letter: go on
        });
    }

    private Record record(Record delivery, Map<String, Object> changes) {
        return records.update(Actor.system(), WebhookTypes.DELIVERY, delivery.getId(), delivery.getVersion(), changes);
    }

    /** One try of one delivery: the changes of its record that say how it went and when the next try is due. */
    private CompletableFuture<Map<String, Object>> send(Record subscription, Record delivery) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] body = delivery.get("request").toString().getBytes(StandardCharsets.UTF_8);
        return sender.send(subscription.get("url").toString(), secrets(subscription, now), delivery.get("messageId").toString(),
                now.getEpochSecond(), body).thenApply(outcome -> {
                    long attempts = ((Number) delivery.get("attempts")).longValue() + 1;
                    Instant first = delivery.get("firstAttempt") == null ? now : (Instant) delivery.get("firstAttempt");
                    Map<String, Object> changes = new HashMap<>();
                    changes.put("attempts", attempts);
                    changes.put("firstAttempt", first);
                    changes.put("lastAttempt", now);
                    changes.put("responseStatus", outcome.status() == 0 ? null : (long) outcome.status());
                    changes.put("response", outcome.response());
                    changes.put("error", outcome.error() == null ? (outcome.delivered() ? null : "HTTP " + outcome.status())
                            : outcome.error().length() > 1000 ? outcome.error().substring(0, 1000) : outcome.error());
                    if (outcome.delivered()) {
                        changes.put("status", WebhookTypes.DELIVERED);
                        changes.put("nextAttempt", null);
                    } else if (first.plus(Duration.ofHours(config.retryHours())).isBefore(now)) {
                        changes.put("status", WebhookTypes.DEAD);
                        changes.put("nextAttempt", null);
                    } else {
                        changes.put("status", WebhookTypes.RETRYING);
                        changes.put("nextAttempt", now.plus(backoff(attempts)));
                    }
                    return changes;
                });
    }

    /** 5 s after the first failure, doubling up to an hour. */
    static Duration backoff(long attempts) {
        Duration wait = Duration.ofSeconds(5).multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private void scheduleRetry(String key, Instant at) {
        scheduler.schedule(RETRY, key, at == null ? Instant.now() : at, Map.of());
    }

    /**
     * The retry of one subscription's deliveries for one record: sends what waits, oldest first, and says when to come
     * back if one fails again (empty when nothing is left).
     */
    Optional<Instant> retry(String key) {
        String[] parts = key.split("\\|", 2);
        Record subscription;
        try {
            subscription = records.get(Actor.system(), WebhookTypes.WEBHOOK, parts[0]);
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        }
        if (!Boolean.TRUE.equals(subscription.get("active"))) {
            return Optional.empty(); // deliveries stay as they are; a replay sends them once it is active again
        }
        List<Record> waiting = waiting(parts[0], parts[1]);
        for (Record d : waiting) {
            Instant due = (Instant) d.get("nextAttempt");
            if (due != null && due.isAfter(Instant.now())) {
                return Optional.of(due);
            }
            Record updated = record(d, send(subscription, d).join());
            if (WebhookTypes.RETRYING.equals(updated.get("status"))) {
                return Optional.of((Instant) updated.get("nextAttempt"));
            }
        }
        return waiting.size() >= PAGE ? Optional.of(Instant.now()) : Optional.empty();
    }

    /** A subscription's deliveries of one record that still have to go out, in outbox order. */
    private List<Record> waiting(String subscription, String recordId) {
        Filter filter = Filter.and(Filter.eq("webhook", subscription), Filter.eq("recordId", recordId),
                Filter.in("status", List.of(WebhookTypes.PENDING, WebhookTypes.RETRYING)));
        return all(Query.of(WebhookTypes.DELIVERY).where(filter)).stream()
                .sorted(Comparator.comparingLong(d -> ((Number) d.get("sequence")).longValue())).limit(PAGE).toList();
    }

    /**
     * Hands the retries every delivery that has waited as pending for over a minute without one: those made while a
     * retry of their record was finishing. Returns how many records' deliveries were handed over.
     */
    int sweep() {
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        List<Record> stale = all(Query.of(WebhookTypes.DELIVERY).where(Filter.and(Filter.eq("status", WebhookTypes.PENDING),
                Filter.lt("createdAt", before))));
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        stale.forEach(d -> keys.add(key(d)));
        keys.forEach(k -> scheduler.scheduleIfAbsent(RETRY, k, Instant.now(), Map.of()));
        return keys.size();
    }

    /** Sends one delivery again (a replay): it goes out behind any earlier one of its record that still waits. */
    void replay(Record delivery) {
        records.update(Actor.system(), WebhookTypes.DELIVERY, delivery.getId(), delivery.getVersion(),
                mapOf("status", WebhookTypes.PENDING, "nextAttempt", null, "firstAttempt", null));
        scheduleRetry(key(delivery), Instant.now());
    }

    /** Sends the subscription's dead letters again; returns how many. */
    int replayDead(String subscription) {
        List<Record> dead = all(Query.of(WebhookTypes.DELIVERY).where(Filter.and(Filter.eq("webhook", subscription),
                Filter.eq("status", WebhookTypes.DEAD))));
        dead.forEach(this::replay);
        return dead.size();
    }

    /**
     * Sends the subscription the events it matches among those since {@code since} (within the outbox's retention): a
     * delivery made before goes out again, with its message id; one it never had is made. Returns how many.
     */
    int replaySince(Record subscription, List<OutboxEntry> entries) {
        int n = 0;
        for (OutboxEntry entry : entries) {
            if (!matches(subscription, entry)) {
                continue;
            }
            String messageId = messageId(subscription, entry);
            List<Record> existing = records.query(Actor.system(), Query.of(WebhookTypes.DELIVERY).where(Filter.eq("messageId", messageId)).limit(1)).items();
            if (existing.isEmpty()) {
                Record made = records.create(Actor.system(), WebhookTypes.DELIVERY, newDelivery(subscription, entry));
                scheduleRetry(key(made), Instant.now());
            } else {
                replay(existing.get(0));
            }
            n++;
        }
        return n;
    }

    List<Record> deliveries(String subscription, String status, int limit) {
        Filter filter = status == null ? Filter.eq("webhook", subscription)
                : Filter.and(Filter.eq("webhook", subscription), Filter.eq("status", status));
        return all(Query.of(WebhookTypes.DELIVERY).where(filter)).stream()
                .sorted(Comparator.comparingLong((Record d) -> ((Number) d.get("sequence")).longValue()).reversed()).limit(limit).toList();
    }

    private List<Record> all(Query query) {
        List<Record> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Record> page = records.query(Actor.system(), query.limit(PAGE).after(cursor));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && all.size() < 100_000);
        return all;
    }

    private List<Record> activeSubscriptions() {
        return all(Query.of(WebhookTypes.WEBHOOK).where(Filter.eq("active", true)));
    }

    static boolean matches(Record subscription, OutboxEntry entry) {
        Object types = subscription.get("recordTypes");
        if (types != null && !types.toString().isBlank()
                && Arrays.stream(types.toString().split(",")).map(String::trim).noneMatch(entry.recordType()::equals)) {
            return false;
        }
        Object events = subscription.get("events");
        return !(events instanceof Collection<?> c) || c.isEmpty() || c.contains(entry.kind());
    }

    private Map<String, Object> newDelivery(Record subscription, OutboxEntry entry) {
        Map<String, Object> row = new HashMap<>();
        row.put("webhook", subscription.getId());
        row.put("messageId", messageId(subscription, entry));
        row.put("sequence", entry.sequence());
        row.put("event", eventType(entry));
        row.put("recordType", entry.recordType());
        row.put("recordId", entry.recordId());
        row.put("status", WebhookTypes.PENDING);
        row.put("attempts", 0L);
        row.put("request", body(entry));
        return row;
    }

    /** The webhook-id: stable for one event and one subscription, whatever happens to the delivery. */
    static String messageId(Record subscription, OutboxEntry entry) {
        return "msg_" + entry.sequence() + "_" + subscription.getId();
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

    private static String key(Record delivery) {
        return delivery.get("webhook") + "|" + delivery.get("recordId");
    }

    /** The secrets that sign now: the current one, and the one it replaced while its grace period lasts. */
    private static List<String> secrets(Record subscription, Instant now) {
        List<String> secrets = new ArrayList<>(List.of(subscription.get("secret").toString()));
        Object previous = subscription.get("previousSecret");
        Object until = subscription.get("previousSecretUntil");
        if (previous != null && until instanceof Instant u && u.isAfter(now)) {
            secrets.add(previous.toString());
        }
        return secrets;
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
