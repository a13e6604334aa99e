package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Deletion;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.rapportcrm.platform.core.internal.security.AccessPolicy.Action;

/**
 * What deleting one record does, by the {@link DeleteRule} of every reference field pointing at it: the records
 * deleted with it (following {@code CASCADE} references to any depth, each record once), the references cleared in
 * records that stay ({@code SET_NULL}) and those that refuse the delete ({@code RESTRICT}). A reference held by a record
 * that is deleted anyway neither refuses nor is cleared. Read in the delete's own transaction, one query per
 * reference field and level, so what is planned is what is done.
 */
final class DeletePlan {
    /** A reference field of a type. */
    record Reference(RecordType type, FieldDefinition field) {
        boolean isParent() {
            return field.getApiName().equals(type.getParentField());
        }
    }

    /** The records to delete by type name, the root first, then in the order the cascade reached them. */
    final Map<String, Set<String>> deletes = new LinkedHashMap<>();
    /** The types of {@link #deletes}, by name. */
    final Map<String, RecordType> types = new LinkedHashMap<>();
    /** Records that stay but hold a SET_NULL reference to a deleted one, by reference. */
    final Map<Reference, Set<String>> clears = new LinkedHashMap<>();
    /** Records that stay and hold a RESTRICT reference to a deleted one, by reference. */
    final Map<Reference, Set<String>> blockers = new LinkedHashMap<>();
    /** Records reached by a CASCADE reference that is not a child type's parent field: the actor must be allowed to delete each. */
    private final Map<String, Set<String>> reachedByLookup = new LinkedHashMap<>();

    private DeletePlan() {
    }

    static DeletePlan of(Connection c, MetadataRegistry metadata, RecordStore store, RecordType type, String id) throws SQLException {
        DeletePlan plan = new DeletePlan();
        plan.deletes.put(type.getApiName(), new LinkedHashSet<>(List.of(id)));
        plan.types.put(type.getApiName(), type);
        Map<RecordType, Set<String>> level = Map.of(type, Set.of(id));
        Map<Reference, Set<String>> holding = new LinkedHashMap<>();
        while (!level.isEmpty()) {
            Map<RecordType, Set<String>> next = new LinkedHashMap<>();
            for (Map.Entry<RecordType, Set<String>> deleted : level.entrySet()) {
                for (Reference ref : referencesTo(metadata, deleted.getKey().getApiName())) {
                    Set<String> holders = store.referring(c, ref.type(), ref.field().getApiName(), deleted.getValue());
                    if (holders.isEmpty()) {
                        continue;
                    }
                    if (ref.field().getOnDelete() == DeleteRule.CASCADE) {
                        plan.types.putIfAbsent(ref.type().getApiName(), ref.type());
                        Set<String> known = plan.deletes.computeIfAbsent(ref.type().getApiName(), t -> new LinkedHashSet<>());
                        for (String holder : holders) {
                            if (known.add(holder)) {
                                next.computeIfAbsent(ref.type(), t -> new LinkedHashSet<>()).add(holder);
                                if (!ref.isParent()) {
                                    plan.reachedByLookup.computeIfAbsent(ref.type().getApiName(), t -> new LinkedHashSet<>()).add(holder);
                                }
                            }
                        }
                    } else {
                        holding.computeIfAbsent(ref, r -> new LinkedHashSet<>()).addAll(holders);
                    }
                }
            }
            level = next;
        }
        for (Map.Entry<Reference, Set<String>> held : holding.entrySet()) {
            Set<String> staying = new LinkedHashSet<>(held.getValue());
            staying.removeAll(plan.deletes.getOrDefault(held.getKey().type().getApiName(), Set.of()));
            if (!staying.isEmpty()) {
                (held.getKey().field().getOnDelete() == DeleteRule.RESTRICT ? plan.blockers : plan.clears).put(held.getKey(), staying);
            }
        }
        return plan;
    }

    /** Every reference field, of every type, that points at records of {@code typeName}. */
    private static List<Reference> referencesTo(MetadataRegistry metadata, String typeName) {
        List<Reference> refs = new ArrayList<>();
        for (RecordType t : metadata.types()) {
            for (FieldDefinition f : t.getFields()) {
                if (f.getType() == FieldType.REFERENCE && typeName.equals(f.getReferenceTo())) {
                    refs.add(new Reference(t, f));
                }
            }
        }
        return refs;
    }

    /**
     * Refuses the delete unless the actor may delete every record it would remove: details of a master go with it as
     * part of the master's delete (as in a master-detail relation), other cascades need the right to delete each
     * record; an external principal needs it for every one, details included.
     */
    void checkAllowed(Connection c, Actor actor, AccessPolicy policy, RecordStore store) throws SQLException {
        Map<String, Set<String>> toCheck = new LinkedHashMap<>(reachedByLookup);
        if (actor.isExternal()) {
            deletes.forEach((type, ids) -> toCheck.computeIfAbsent(type, t -> new LinkedHashSet<>()).addAll(ids));
        }
        for (Map.Entry<String, Set<String>> e : toCheck.entrySet()) {
            String typeName = e.getKey();
            AccessScope scope = policy.scope(actor, typeName, Action.DELETE);
            boolean all = scope == AccessScope.ALL && !actor.isExternal()
                    || scope != AccessScope.NONE && store.findAll(c, types.get(typeName), new ArrayList<>(e.getValue()),
                            policy.condition(actor, typeName, Action.DELETE)).size() == e.getValue().size();
            if (!all) {
                throw new AccessDeniedException(actor.userName() + " may not delete the " + typeName + " records that deleting this "
                        + deletes.keySet().iterator().next() + " would delete with it", null);
            }
        }
    }

    Deletion describe() {
        List<Deletion.TypeCount> deleted = new ArrayList<>();
        boolean root = true;
        for (Map.Entry<String, Set<String>> e : deletes.entrySet()) {
            long others = e.getValue().size() - (root ? 1 : 0);
            root = false;
            if (others > 0) {
                deleted.add(new Deletion.TypeCount(e.getKey(), others));
            }
        }
        return new Deletion(blockers.isEmpty(), counts(blockers), deleted, counts(clears));
    }

    private static List<Deletion.FieldCount> counts(Map<Reference, Set<String>> byReference) {
        return byReference.entrySet().stream().map(e -> new Deletion.FieldCount(e.getKey().type().getApiName(),
                e.getKey().field().getApiName(), e.getValue().size())).toList();
    }
}
