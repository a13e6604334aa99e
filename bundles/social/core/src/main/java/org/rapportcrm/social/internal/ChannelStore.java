package org.rapportcrm.social.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.ChannelSettings;
import org.rapportcrm.social.api.Social;

/** Channels with their hidden state: the access token and the position each reached, kept in one INTERNAL record per channel. */
@Component(service = ChannelStore.class)
public class ChannelStore {
    private final RecordService records;

    @Activate
    public ChannelStore(@Reference RecordService records) {
        this.records = records;
    }

    Optional<Record> channel(String id) {
        try {
            return Optional.of(records.get(Actor.system(), Social.CHANNEL, id));
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        }
    }

    List<Record> enabledChannels() {
        return records.all(Actor.system(), Query.of(Social.CHANNEL).where(Filter.eq("enabled", true)).limit(Query.MAX_LIMIT));
    }

    /** What the channel's adapter needs, its token included. */
    ChannelSettings settings(Record channel) {
        String token = state((String) channel.get("stateKey")).map(s -> (String) s.get("accessToken")).orElse(null);
        Duration poll = channel.get("pollSeconds") instanceof Number n ? Duration.ofSeconds(n.longValue()) : null;
        return new ChannelSettings(channel.getId(), (String) channel.get("network"), (String) channel.get("name"),
                stripSlash((String) channel.get("baseUrl")), token, keywords((String) channel.get("keywords")), poll);
    }

    /** A webhook channel's signing secrets: its access token holds them, separated by spaces or commas (a rotation). */
    List<String> secrets(Record channel) {
        String token = state((String) channel.get("stateKey")).map(s -> (String) s.get("accessToken")).orElse("");
        return token == null || token.isBlank() ? List.of() : Arrays.stream(token.split("[\\s,]+")).filter(t -> !t.isEmpty()).toList();
    }

    String position(Record channel) {
        return state((String) channel.get("stateKey")).map(s -> (String) s.get("position")).orElse(null);
    }

    /** Inside the transaction that stored the posts the position follows. */
    void savePosition(String stateKey, String position) {
        write(stateKey, Map.of("position", position));
    }

    void saveToken(String stateKey, String token) {
        write(stateKey, Map.of("accessToken", token));
    }

    void noteError(String stateKey, String error) {
        Map<String, Object> values = new HashMap<>();
        values.put("lastError", error == null ? "error" : error.length() > 1000 ? error.substring(0, 1000) : error);
        values.put("lastErrorAt", Instant.now());
        records.inTransaction(() -> {
            write(stateKey, values);
            return null;
        });
    }

    private void write(String stateKey, Map<String, Object> values) {
        Optional<Record> state = state(stateKey);
        if (state.isPresent()) {
            records.update(Actor.system(), SocialTypes.STATE, state.get().getId(), state.get().getVersion(), values);
        } else {
            Map<String, Object> created = new HashMap<>(values);
            created.put("key", stateKey);
            records.create(Actor.system(), SocialTypes.STATE, created);
        }
    }

    private Optional<Record> state(String stateKey) {
        if (stateKey == null) {
            return Optional.empty();
        }
        return records.query(Actor.system(), Query.of(SocialTypes.STATE).where(Filter.eq("key", stateKey)).limit(1)).items().stream().findFirst();
    }

    static List<String> keywords(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(k -> k.strip().toLowerCase(Locale.ROOT)).map(k -> k.startsWith("#") ? k.substring(1) : k)
                .filter(k -> !k.isEmpty()).distinct().toList();
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
