package org.rapportcrm.automation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;

/** A webhook subscription as sending needs it: where to, signed with what, for which changes. */
record Subscription(String id, String url, List<String> secrets, Set<String> recordTypes, Set<String> events, String filter) {

    /** The subscription's settings now: the secrets that sign are the current one and, during its grace period, the one it replaced. */
    static Subscription of(Record webhook, Instant now) {
        List<String> secrets = new ArrayList<>(List.of(webhook.get("secret").toString()));
        Object previous = webhook.get("previousSecret");
        if (previous != null && webhook.get("previousSecretUntil") instanceof Instant until && until.isAfter(now)) {
            secrets.add(previous.toString());
        }
        Object filter = webhook.get("filter");
        return new Subscription(webhook.getId(), webhook.get("url").toString(), List.copyOf(secrets), recordTypes(webhook.get("recordTypes")),
                webhook.get("events") instanceof Collection<?> c ? c.stream().map(Object::toString).collect(Collectors.toSet()) : Set.of(),
                filter == null || filter.toString().isBlank() ? null : filter.toString());
    }

    /** The api names in a comma-separated list; empty for every type. */
    static Set<String> recordTypes(Object list) {
        if (list == null || list.toString().isBlank()) {
            return Set.of();
        }
        return Arrays.stream(list.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** Whether the entry is of a type and an event the subscription asks for (its filter is checked apart). */
    boolean wants(OutboxEntry entry) {
        return (recordTypes.isEmpty() || recordTypes.contains(entry.recordType())) && (events.isEmpty() || events.contains(entry.kind()));
    }
}
