package org.rapportcrm.prm.internal.mdf;

import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.file.FileChangeGuard;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A claim's proof of performance is what its approval and payment rest on: once the claim is approved (or paid), its
 * files can no longer be added, replaced or deleted, by anyone, administrators included. An administrator exempted
 * would leave the audit the same hole it closes (the evidence changed after the money was granted). While the claim is
 * submitted, its partner (and the channel manager) may still correct the proof; a rejected claim's stay correctable too.
 */
@Component
public class FrozenProofs implements FileChangeGuard {
    private static final Set<String> DECIDED = Set.of(Mdf.APPROVED, Mdf.PAID);

    @Override
    public String refusal(Actor actor, Record record, Change change) {
        if (!Mdf.CLAIM.equals(record.getType()) || !DECIDED.contains(record.get("status"))) {
            return null;
        }
        return "The claim is " + String.valueOf(record.get("status")).toLowerCase(Locale.ROOT)
                + ": its proof of performance can no longer be " + (change == Change.ADD ? "added to" : "deleted");
    }
}
