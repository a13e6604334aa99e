package org.rapportcrm.social.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.Social;

/**
 * One profile per author and network, with the contact (and lead, when sales is installed) it probably is: by e-mail
 * when the profile shows one, else by a display name that names exactly one contact. A suggestion only; a person
 * confirms it ({@code POST /api/v1/socialProfiles/{id}/confirm-match}) before posts count as the contact's.
 */
@Component(service = ProfileMatching.class)
public class ProfileMatching {
    static final String LEAD = "lead";
    private final RecordService records;
    private final MetadataService metadata;

    @Activate
    public ProfileMatching(@Reference RecordService records, @Reference MetadataService metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    static String profileKey(String network, String handle) {
        return network + ":" + handle.toLowerCase(Locale.ROOT);
    }

    /** The author's profile, made with its match suggestions the first time the author is seen. */
    Record profileOf(String network, InboundPost.Author author) {
        String key = profileKey(network, author.handle());
        Optional<Record> known = records.query(Actor.system(), Query.of(Social.PROFILE).where(Filter.eq("profileKey", key)).limit(1))
                .items().stream().findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        Map<String, Object> profile = new HashMap<>();
        profile.put("network", network);
        profile.put("handle", author.handle());
        profile.put("profileKey", key);
        profile.put("displayName", author.displayName());
        profile.put("url", author.url());
        profile.put("email", author.email());
        profile.put("networkId", author.networkId());
        match("contact", author).ifPresent(m -> {
            profile.put("suggestedContact", m.record().getId());
            profile.put("matchReason", m.reason());
        });
        if (metadata.type(LEAD).isPresent()) {
            match(LEAD, author).ifPresent(m -> {
                profile.put("suggestedLead", m.record().getId());
                profile.putIfAbsent("matchReason", m.reason());
            });
        }
        return records.create(Actor.system(), Social.PROFILE, profile);
    }

    record Match(Record record, String reason) {
    }

    /** The one contact or lead the author's e-mail, else display name, names; none when nothing or several match. */
    Optional<Match> match(String type, InboundPost.Author author) {
        if (author.email() != null && !author.email().isBlank()) {
            Optional<Record> byEmail = only(type, Filter.eq("email", author.email().strip()));
            if (byEmail.isPresent()) {
                return Optional.of(new Match(byEmail.get(), "e-mail"));
            }
        }
        String name = author.displayName() == null ? "" : author.displayName().strip();
        int space = name.lastIndexOf(' ');
        if (space > 0) {
            Optional<Record> byName = only(type, Filter.and(Filter.eq("firstName", name.substring(0, space).strip()),
                    Filter.eq("lastName", name.substring(space + 1))));
            if (byName.isPresent()) {
                return Optional.of(new Match(byName.get(), "name"));
            }
        }
        return Optional.empty();
    }

    private Optional<Record> only(String type, Filter filter) {
        List<Record> found = records.query(Actor.system(), Query.of(type).where(filter).limit(2)).items();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}
