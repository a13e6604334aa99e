package org.rapportcrm.sync.dav.internal;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sync.delta.api.ChangeFeed;

/** A user's address books: every contact they may read, their teams', their saved views', as vCards (see {@link ContactCards}). */
@Component(service = AddressBook.class)
public class AddressBook extends DavCollection<VCard> {

    @Activate
    public AddressBook(@Reference RecordService records, @Reference ItemNames names, @Reference ChangeFeed feed, @Reference SharedScopes shared) {
        super(DavPath.Area.CONTACTS, records, names, feed, shared);
    }

    @Override
    DavScope own(Actor actor) {
        return new DavScope(DavPath.Area.CONTACTS.collectionSegment, "Rapport contacts", null, r -> true, true);
    }

    @Override
    String recordType() {
        return ContactCards.TYPE;
    }

    @Override
    VCard parse(String text) {
        return ContactCards.parse(text);
    }

    @Override
    String uid(VCard card) {
        return ContactCards.uid(card);
    }

    @Override
    Map<String, Object> fields(VCard card, Record existing) {
        return ContactCards.fields(card);
    }

    /** The members' vCards (4.0 unless "3.0" is asked for), with ORG from each contact's account as the actor may read it. */
    @Override
    Map<String, String> render(Actor actor, List<Member> members, String version) {
        VCardVersion vcardVersion = "3.0".equals(version) ? VCardVersion.V3_0 : VCardVersion.V4_0;
        List<String> accountIds = members.stream().map(m -> m.record().get("account")).filter(Objects::nonNull).map(Object::toString)
                .distinct().toList();
        Map<String, String> accountNames = new HashMap<>();
        for (int from = 0; from < accountIds.size(); from += Query.MAX_LIMIT) {
            List<String> chunk = accountIds.subList(from, Math.min(accountIds.size(), from + Query.MAX_LIMIT));
            records.query(actor, Query.of("account").where(Filter.in("id", chunk)).limit(chunk.size())).items()
                    .forEach(a -> accountNames.put(a.getId(), Objects.toString(a.get("name"), null)));
        }
        Map<String, String> vcards = new LinkedHashMap<>();
        for (Member m : members) {
            Object account = m.record().get("account");
            vcards.put(m.name(), ContactCards.write(m.record(), m.uid(), account == null ? null : accountNames.get(account.toString()),
                    vcardVersion));
        }
        return vcards;
    }
}
