package org.rapportcrm.marketing.api;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who is in a segment now and who entered or left it when: what campaign sends and journeys read. Dynamic segments
 * are kept current from committed record changes (within about a second) and re-evaluated in full when their
 * definition changes; static lists change only when someone adds or removes contacts. Reads here are not
 * permission-checked: callers run as the system on behalf of a user they have checked.
 */
@ProviderType
public interface SegmentMembership {
    /** One contact in a segment, since when. */
    record Member(String contactId, Instant since) {
    }

    /** One entry into or exit from a segment, in the order they happened ({@code id} increases). */
    record MembershipEvent(long id, String segmentId, String contactId, boolean entered, Instant at) {
    }

    boolean isMember(String segmentId, String contactId);

    long count(String segmentId);

    /** Members in contact id order, after {@code afterContactId} (null for the first page), at most {@code limit}. */
    List<Member> members(String segmentId, String afterContactId, int limit);

    /** Hands every member's contact id to {@code action}, page by page, so memory stays bounded however many. */
    void forEachMember(String segmentId, Consumer<String> action);

    /** The segment's entries and exits, newest first, with an id below {@code beforeId} (null for the newest). */
    List<MembershipEvent> history(String segmentId, Long beforeId, int limit);

    /** The ids of the segments (dynamic and static) the contact is in. */
    List<String> segmentsOf(String contactId);
}
