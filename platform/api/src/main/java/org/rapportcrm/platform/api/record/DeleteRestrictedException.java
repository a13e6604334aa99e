package org.rapportcrm.platform.api.record;

import java.util.stream.Collectors;

/**
 * A delete refused because records point at the record through a reference whose rule is
 * {@link org.rapportcrm.platform.api.metadata.DeleteRule#RESTRICT}; nothing was deleted or changed.
 */
public class DeleteRestrictedException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final transient Deletion deletion;

    public DeleteRestrictedException(String type, String id, Deletion deletion) {
        super(type + " " + id + " cannot be deleted while other records refer to it: " + deletion.blockedBy().stream()
                .map(b -> b.count() + " " + b.type() + " by " + b.field()).collect(Collectors.joining(", ")));
        this.deletion = deletion;
    }

    /** What the delete would have done; {@link Deletion#blockedBy()} names the references that refuse it. */
    public Deletion getDeletion() {
        return deletion;
    }
}
