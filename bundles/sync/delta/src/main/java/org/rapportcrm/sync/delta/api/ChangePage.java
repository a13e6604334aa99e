package org.rapportcrm.sync.delta.api;

import java.util.List;

/**
 * One page of changes.
 *
 * @param changes in commit order, at most one per record (its latest state)
 * @param nextToken where the next page starts; keep it to ask for later changes
 * @param more whether more changes are waiting now (ask again at once with {@code nextToken})
 * @param snapshot whether the page is part of a snapshot (every record, not only changed ones)
 */
public record ChangePage(List<SyncChange> changes, String nextToken, boolean more, boolean snapshot) {
    public ChangePage {
        changes = List.copyOf(changes);
    }
}
