package org.rapportcrm.marketing.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The consent ledger: per contact, purpose and channel, every consent given or withdrawn, with its source, time and the
 * text shown, never rewritten. The current state of a contact, purpose and channel is its latest given or withdrawn
 * entry; a pending entry (a double opt-in not confirmed yet) does not count, nor does no entry at all.
 */
@ProviderType
public interface Consents {
    /** What someone consented to or withdrew. */
    record ConsentRequest(String contactId, String purposeId, String channel, boolean given, String source, String shownText) {
    }

    /** The current state of one contact, purpose and channel: the latest given or withdrawn entry. */
    record ConsentState(String contactId, String purposeId, String channel, boolean given, Instant at, String source) {
    }

    /**
     * Appends a given or withdrawn entry, as {@code actor}, who must be able to read the contact and change contacts.
     *
     * @return the new entry's id
     */
    String record(Actor actor, ConsentRequest request);

    /** The current state of every purpose and channel the contact has an answer for, as {@code actor} may read it. */
    List<ConsentState> current(Actor actor, String contactId);

    /**
     * Of {@code contactIds}, those whose current consent for the purpose on the channel is given: what a campaign send
     * asks for its recipients, in bulk. Not permission-checked (the send runs as the system).
     */
    Set<String> allowed(String purposeId, String channel, Collection<String> contactIds);
}
