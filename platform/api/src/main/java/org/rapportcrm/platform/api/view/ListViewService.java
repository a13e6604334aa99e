package org.rapportcrm.platform.api.view;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Saved list views. Everyone who may read a type sees its shared views and their own; views are checked when saved
 * (fields the actor can see, a filter that parses and applies to the type, a sortable field) and refused with a
 * {@link org.rapportcrm.platform.api.record.ValidationException} naming the field ({@code recordType}, {@code name},
 * {@code columns}, {@code filter}, {@code sort}). Creating, changing or deleting a shared view needs the
 * {@code manageSettings} permission; a private one, only being its owner. Views are read from the database, so every
 * node of a cluster sees a change at once.
 */
@ProviderType
public interface ListViewService {
    int MAX_NAME_LENGTH = 100;
    int MAX_COLUMNS = 50;
    int MAX_FILTER_LENGTH = 2000;

    /** The views of a type the actor sees: their own, then the shared ones, each by name. */
    List<ListView> views(Actor actor, String recordType);

    /** A view the actor sees. */
    Optional<ListView> view(Actor actor, String id);

    /** Saves a new view owned by the actor; its version is 1. */
    ListView create(Actor actor, ListView view);

    /**
     * Changes a view if it is still at {@code expectedVersion}, otherwise
     * {@link org.rapportcrm.platform.api.record.StaleVersionException}. The record type and owner stay.
     */
    ListView update(Actor actor, String id, long expectedVersion, ListView view);

    void delete(Actor actor, String id, long expectedVersion);
}
