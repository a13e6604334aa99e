package org.rapportcrm.social.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
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
    private static final int CHUNK = 200;
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

    /**
     * The authors' profiles by {@link #profileKey}, the new ones made with their match suggestions: one query for the
     * known profiles, one per kind of match for the new authors, one batched insert, however many authors there are.
     */
    Map<String, Record> profilesOf(String network, Collection<InboundPost.Author> authors) {
        Map<String, InboundPost.Author> byKey = new LinkedHashMap<>();
        authors.forEach(a -> byKey.putIfAbsent(profileKey(network, a.handle()), a));
        Map<String, Record> profiles = known(byKey.keySet());
        List<InboundPost.Author> fresh = byKey.entrySet().stream().filter(e -> !profiles.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        if (fresh.isEmpty()) {
            return profiles;
        }
        Map<InboundPost.Author, Match> contacts = matches("contact", fresh);
        Map<InboundPost.Author, Match> leads = metadata.type(LEAD).isPresent() ? matches(LEAD, fresh) : Map.of();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (InboundPost.Author author : fresh) {
            Map<String, Object> profile = new HashMap<>();
            profile.put("network", network);
            profile.put("handle", author.handle());
            profile.put("profileKey", profileKey(network, author.handle()));
            profile.put("displayName", author.displayName());
            profile.put("url", author.url());
            profile.put("email", author.email());
            profile.put("networkId", author.networkId());
            Optional.ofNullable(contacts.get(author)).ifPresent(m -> {
                profile.put("suggestedContact", m.record().getId());
                profile.put("matchReason", m.reason());
            });
            Optional.ofNullable(leads.get(author)).ifPresent(m -> {
                profile.put("suggestedLead", m.record().getId());
                profile.putIfAbsent("matchReason", m.reason());
            });
            rows.add(profile);
        }
        BatchResult made = records.createAll(Actor.system(), Social.PROFILE, rows);
        made.created().forEach(p -> profiles.put((String) p.get("profileKey"), p));
        if (!made.failures().isEmpty()) {
            // Made meanwhile by another writer (a webhook of the same network): theirs counts.
            List<String> refused = made.failures().keySet().stream().map(row -> (String) rows.get(row).get("profileKey")).toList();
            profiles.putAll(known(refused));
            refused.stream().filter(key -> !profiles.containsKey(key)).findFirst().ifPresent(key -> {
                throw new ValidationException(made.failures().values().iterator().next());
            });
        }
        return profiles;
    }

    /** The author's profile, made with its match suggestions the first time the author is seen. */
    Record profileOf(String network, InboundPost.Author author) {
        return profilesOf(network, List.of(author)).get(profileKey(network, author.handle()));
    }

    private Map<String, Record> known(Collection<String> profileKeys) {
        Map<String, Record> known = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(profileKeys))) {
            records.all(Actor.system(), Query.of(Social.PROFILE).where(Filter.in("profileKey", chunk)).limit(Query.MAX_LIMIT))
                    .forEach(p -> known.put((String) p.get("profileKey"), p));
        }
        return known;
    }

    record Match(Record record, String reason) {
    }

    /**
     * The one contact or lead each author's e-mail, else display name, names; authors whom nothing or several match
     * are left out. One query for the e-mails and one for the names of all the authors.
     */
    Map<InboundPost.Author, Match> matches(String type, List<InboundPost.Author> authors) {
        Map<InboundPost.Author, Match> found = new HashMap<>();
        Map<String, List<Record>> byEmail = new HashMap<>();
        List<String> emails = authors.stream().map(ProfileMatching::email).filter(Objects::nonNull).distinct().toList();
        for (List<String> chunk : chunks(emails)) {
            records.forEach(Actor.system(), Query.of(type).where(Filter.in("email", chunk)).limit(Query.MAX_LIMIT),
                    r -> byEmail.computeIfAbsent((String) r.get("email"), k -> new ArrayList<>()).add(r));
        }
        List<InboundPost.Author> unmatched = new ArrayList<>();
        for (InboundPost.Author author : authors) {
            List<Record> same = email(author) == null ? List.of() : byEmail.getOrDefault(email(author), List.of());
            if (same.size() == 1) {
                found.put(author, new Match(same.get(0), "e-mail"));
            } else if (name(author) != null) {
                unmatched.add(author);
            }
        }
        Map<List<String>, List<Record>> byName = new HashMap<>();
        List<List<String>> names = unmatched.stream().map(ProfileMatching::name).distinct().toList();
        for (List<List<String>> chunk : chunks(names)) {
            Filter anyName = Filter.or(chunk.stream().map(n -> Filter.and(Filter.eq("firstName", n.get(0)), Filter.eq("lastName", n.get(1))))
                    .toArray(Filter[]::new));
            records.forEach(Actor.system(), Query.of(type).where(anyName).limit(Query.MAX_LIMIT),
                    r -> byName.computeIfAbsent(List.of(String.valueOf(r.get("firstName")), String.valueOf(r.get("lastName"))),
                            k -> new ArrayList<>()).add(r));
        }
        for (InboundPost.Author author : unmatched) {
            List<Record> same = byName.getOrDefault(name(author), List.of());
            if (same.size() == 1) {
                found.put(author, new Match(same.get(0), "name"));
            }
        }
        return found;
    }

    /** The one contact or lead the author's e-mail, else display name, names; none when nothing or several match. */
    Optional<Match> match(String type, InboundPost.Author author) {
        return Optional.ofNullable(matches(type, List.of(author)).get(author));
    }

    private static String email(InboundPost.Author author) {
        return author.email() == null || author.email().isBlank() ? null : author.email().strip();
    }

    /** First and last name of a display name of at least two words (the last word is the last name), else null. */
    private static List<String> name(InboundPost.Author author) {
        String name = author.displayName() == null ? "" : author.displayName().strip();
        int space = name.lastIndexOf(' ');
        return space > 0 ? List.of(name.substring(0, space).strip(), name.substring(space + 1)) : null;
    }

    /** A query's IN list or OR stays a statement every database takes. */
    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }
}
