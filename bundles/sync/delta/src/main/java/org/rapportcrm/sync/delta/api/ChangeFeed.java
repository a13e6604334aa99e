package org.rapportcrm.sync.delta.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Changes of records since a sync token, each as the actor may read the record now.
 *
 * <p>Without a token the feed answers a snapshot: every record of the types the actor may read, page by page, and
 * then, from the token taken before the snapshot's first page, the changes made while it was read. So a change made
 * during the snapshot may come twice (as part of the snapshot and again as a change) but none is missed: clients
 * apply changes by record id and version, which makes a repeat harmless.
 */
@ProviderType
public interface ChangeFeed {
    /** The most changes one page may hold. */
    int MAX_LIMIT = 10_000;

    /**
     * The next page after {@code since} (null or empty: the first page of a snapshot).
     *
     * @param types the api names of the record types wanted, at least one
     * @param limit at most this many changes (1 to {@link #MAX_LIMIT})
     * @throws InvalidSyncTokenException if the token is not one of ours, older than the outbox keeps, or was issued to
     *             another actor or before the actor's roles, teams or account changed what it may read (records that
     *             became readable or unreadable without changing are in no change: only a new snapshot has them)
     */
    ChangePage changes(Actor actor, String since, List<String> types, int limit);

    /**
     * The actor's token for "now", of any types: what comes after it are changes not made yet. Cheap (reads no record):
     * for a collection's {@code getctag} or {@code sync-token} property, which so also changes when the actor's access
     * does.
     */
    String currentToken(Actor actor);
}
