package org.rapportcrm.service.email.internal;

import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/** The service mailboxes (settings records): which platform mailboxes feed cases, and the addresses that are ours. */
@Component(service = ServiceMailboxes.class)
public class ServiceMailboxes {
    private final RecordService records;

    @Activate
    public ServiceMailboxes(@Reference RecordService records) {
        this.records = records;
    }

    /** The active service mailbox reading the platform mailbox of this name. */
    public Optional<Record> active(String mailboxName) {
        List<Record> found = records.query(Actor.system(), Query.of(EmailTypes.MAILBOX)
                .where(Filter.and(Filter.eq("name", mailboxName), Filter.eq("active", true))).limit(1)).items();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Optional<Record> byName(String mailboxName) {
        List<Record> found = records.query(Actor.system(), Query.of(EmailTypes.MAILBOX).where(Filter.eq("name", mailboxName)).limit(1)).items();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The first active mailbox, for replies on cases that did not come in by e-mail. */
    public Optional<Record> any() {
        List<Record> found = records.query(Actor.system(), Query.of(EmailTypes.MAILBOX).where(Filter.eq("active", true)).sortBy("name", false)
                .limit(1)).items();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every service mailbox's address: mail from them is ours, never a customer's. */
    public List<String> ownAddresses() {
        return records.all(Actor.system(), Query.of(EmailTypes.MAILBOX).limit(Query.MAX_LIMIT)).stream()
                .map(m -> (String) m.get("address")).toList();
    }

    /** The sender of messages from this mailbox: its address with its display name. */
    public MailAddress sender(Record mailbox) {
        return MailAddress.of((String) mailbox.get("address"), (String) mailbox.get("displayName"));
    }
}
