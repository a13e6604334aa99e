package org.rapportcrm.sync.delta.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.IdempotentRequests;
import org.rapportcrm.platform.api.rest.IdempotentRequests.Claim;
import org.rapportcrm.platform.api.rest.IdempotentRequests.KeptResponse;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Applies changes a client made offline, one by one, each in its own transaction: applied, a conflict (the fields
 * both sides changed; the others merged and applied) or refused with the reason. A change is done once per client
 * change id: the answer is kept with the platform's idempotency keys and given again when the client sends the
 * change again (say, after losing the connection before the answer came).
 */
@Component(service = OfflinePush.class)
public class OfflinePush {
    static final String APPLIED = "applied";
    static final String CONFLICT = "conflict";
    static final String REFUSED = "refused";
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    private static final int HISTORY_DEPTH = 1000;
    private final RecordService records;
    private final IdempotentRequests done;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    @Activate
    public OfflinePush(@Reference RecordService records, @Reference IdempotentRequests done) {
        this(records, done, Clock.systemUTC());
    }

    OfflinePush(RecordService records, IdempotentRequests done, Clock clock) {
        this.records = records;
        this.done = done;
        this.clock = clock;
    }

    /** One answer per change, in the order sent. */
    List<Map<String, Object>> push(Actor actor, List<Map<String, Object>> changes) {
        return changes.stream().map(c -> pushOne(actor, c)).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> pushOne(Actor actor, Map<String, Object> change) {
        String changeId = String.valueOf(change.get("clientChangeId"));
        String key = "sync-push:" + changeId;
        Claim claim = done.claim(actor.userId(), key, hash(change), clock.instant().minus(ABANDONED_AFTER));
        switch (claim.outcome()) {
            case REPLAY:
                try {
                    return json.readValue(claim.response().body(), Map.class);
                } catch (IOException e) {
                    throw new IllegalStateException("Kept answer of change " + changeId + " unreadable", e);
                }
            case IN_FLIGHT:
                return refused(change, 409, "clientChangeId", "This change is being applied right now: send it again in a moment", List.of());
            case MISMATCH:
                return refused(change, 422, "clientChangeId", "This clientChangeId was used for another change", List.of());
            default:
                break;
        }
        try {
            return records.inTransaction(() -> {
                Map<String, Object> answer = apply(actor, change);
                done.complete(actor.userId(), key, new KeptResponse(200, Map.of("Content-Type", "application/json"), bytes(answer)));
                return answer;
            });
        } catch (ValidationException e) {
            done.release(actor.userId(), key);
            return refused(change, 422, null, e.getMessage(), e.getErrors());
        } catch (AccessDeniedException e) {
            done.release(actor.userId(), key);
            return refused(change, 403, null, e.getMessage(), List.of());
        } catch (RecordNotFoundException e) {
            done.release(actor.userId(), key);
            return refused(change, 404, "id", e.getMessage(), List.of());
        } catch (RecordException | IllegalArgumentException e) {
            done.release(actor.userId(), key);
            return refused(change, 400, null, e.getMessage(), List.of());
        } catch (RuntimeException e) {
            done.release(actor.userId(), key);
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> apply(Actor actor, Map<String, Object> change) {
        String action = (String) change.get("action");
        String type = (String) change.get("type");
        Map<String, Object> fields = change.get("fields") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String id = (String) change.get("id");
        if (!"create".equals(action) && id == null) {
            throw new ValidationException("id", "required", "An " + action + " names the record's id");
        }
        if (!"create".equals(action) && !(change.get("baseVersion") instanceof Number)) {
            throw new ValidationException("baseVersion", "required", "An " + action + " names the version it was made on");
        }
        switch (action) {
            case "create" -> {
                Record created = records.create(actor, type, fields);
                return answer(change, APPLIED, created.getId(), created.getVersion());
            }
            case "update" -> {
                return update(actor, change, type, id, ((Number) change.get("baseVersion")).longValue(), fields);
            }
            case "delete" -> {
                return delete(actor, change, type, id, ((Number) change.get("baseVersion")).longValue());
            }
            default -> throw new ValidationException("action", "invalid", "The action is create, update or delete");
        }
    }

    private Map<String, Object> update(Actor actor, Map<String, Object> change, String type, String id, long baseVersion,
            Map<String, Object> fields) {
        Record current = records.get(actor, type, id);
        if (current.getVersion() == baseVersion) {
            Record updated = records.update(actor, type, id, baseVersion, fields);
            return answer(change, APPLIED, id, updated.getVersion());
        }
        PushMerge merge = PushMerge.of(baseVersion, fields, current.getValues(), records.history(actor, type, id, HISTORY_DEPTH));
        long version = current.getVersion();
        if (!merge.apply().isEmpty()) {
            version = records.update(actor, type, id, current.getVersion(), merge.apply()).getVersion();
        }
        if (merge.conflicts().isEmpty()) {
            Map<String, Object> answer = answer(change, APPLIED, id, version);
            answer.put("merged", true);
            return answer;
        }
        Map<String, Object> answer = answer(change, CONFLICT, id, version);
        answer.put("conflict", Map.of("fields", merge.conflicts(), "base", merge.base(), "theirs", plain(merge.theirs()),
                "yours", merge.yours(), "merged", List.copyOf(merge.apply().keySet())));
        return answer;
    }

    private Map<String, Object> delete(Actor actor, Map<String, Object> change, String type, String id, long baseVersion) {
        Record current;
        try {
            current = records.get(actor, type, id);
        } catch (RecordNotFoundException e) {
            Map<String, Object> answer = answer(change, APPLIED, id, baseVersion);
            answer.put("alreadyDeleted", true);
            return answer;
        }
        if (current.getVersion() != baseVersion) {
            Map<String, Object> answer = answer(change, CONFLICT, id, current.getVersion());
            Map<String, Object> theirs = plain(current.getValues());
            answer.put("conflict", Map.of("fields", List.of(), "theirs", theirs, "yours", "deleted"));
            return answer;
        }
        records.delete(actor, type, id, baseVersion);
        return answer(change, APPLIED, id, baseVersion);
    }

    /** Values as JSON keeps them (dates and money as their text), so an answer can be kept and given again. */
    private static Map<String, Object> plain(Map<String, Object> values) {
        Map<String, Object> plain = new LinkedHashMap<>();
        values.forEach((k, v) -> plain.put(k, v == null || v instanceof Number || v instanceof Boolean || v instanceof String
                || v instanceof List ? v : v.toString()));
        return plain;
    }

    private static Map<String, Object> answer(Map<String, Object> change, String status, String id, long version) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("clientChangeId", change.get("clientChangeId"));
        answer.put("status", status);
        answer.put("type", change.get("type"));
        answer.put("id", id);
        answer.put("version", version);
        if (change.get("clientId") != null) {
            answer.put("clientId", change.get("clientId"));
        }
        return answer;
    }

    /** A refusal as RFC 9457 problem details, with the fields at fault. */
    private static Map<String, Object> refused(Map<String, Object> change, int status, String field, String detail, List<FieldError> errors) {
        Map<String, Object> answer = answer(change, REFUSED, (String) change.get("id"), 0);
        answer.remove("version");
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status == 422 ? "Validation failed" : status == 403 ? "Forbidden" : status == 404 ? "Not found"
                : status == 409 ? "In progress" : "Bad request");
        problem.put("status", status);
        problem.put("detail", detail);
        if (field != null) {
            problem.put("field", field);
        }
        if (!errors.isEmpty()) {
            problem.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "code", e.code(), "message", e.message())).toList());
        }
        answer.put("problem", problem);
        return answer;
    }

    private byte[] bytes(Map<String, Object> answer) {
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(Map<String, Object> change) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    json.writeValueAsString(new java.util.TreeMap<>(change)).getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
