package org.rapportcrm.service.internal;

import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Case numbers CS-000001, CS-000002, ... without gaps: the next number is taken from one sequence record, in the
 * transaction that creates the case, with the record's version. Two cases created at once both try to move the
 * sequence on from the same version; the database holds the second on the row until the first commits, after which it
 * finds the version gone, reads the sequence again and takes the next number (a stale version is a plain answer, not a
 * database error, so its transaction goes on). A case whose transaction rolls back gives its number back with it. The
 * price: creating cases is one at a time across the cluster for the moment of the commit. A transaction that creates
 * many cases (an import's batch) writes the sequence twice, for its first case and at its commit, not once per case.
 */
final class CaseNumbers {
    static final String PREFIX = "CS";
    private static final int ATTEMPTS = 50;
    private final RecordService records;

    CaseNumbers(RecordService records) {
        this.records = records;
    }

    /** The numbers one transaction took from the sequence: the first moves it on at once, the rest at the commit. */
    private static final class Taken {
        String sequenceId;
        long next;
        boolean writeBackPending;
    }

    String next() {
        Taken taken = records.transactionState(this, Taken::new);
        if (taken.sequenceId != null) {
            // The sequence is this transaction's until it ends (its row was written first): count on and write once.
            long number = taken.next++;
            if (!taken.writeBackPending) {
                taken.writeBackPending = true;
                records.beforeCommit(() -> writeBack(taken));
            }
            return format(number);
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Record sequence = sequence();
            long number = (Long) sequence.get("nextNumber");
            try {
                records.update(Actor.system(), ServiceTypes.CASE_NUMBER_SEQUENCE, sequence.getId(), sequence.getVersion(),
                        Map.of("nextNumber", number + 1));
                taken.sequenceId = sequence.getId();
                taken.next = number + 1;
                return format(number);
            } catch (StaleVersionException e) {
                // Another case took this number meanwhile: read the sequence again.
            }
        }
        throw new IllegalStateException("No case number after " + ATTEMPTS + " attempts: too many cases created at once");
    }

    private void writeBack(Taken taken) {
        taken.writeBackPending = false;
        Record sequence = records.get(Actor.system(), ServiceTypes.CASE_NUMBER_SEQUENCE, taken.sequenceId);
        records.update(Actor.system(), ServiceTypes.CASE_NUMBER_SEQUENCE, taken.sequenceId, sequence.getVersion(), Map.of("nextNumber", taken.next));
    }

    static String format(long number) {
        return String.format("%s-%06d", PREFIX, number);
    }

    private Record sequence() {
        List<Record> found = records.all(Actor.system(), Query.of(ServiceTypes.CASE_NUMBER_SEQUENCE).where(Filter.eq("prefix", PREFIX)).limit(1));
        if (!found.isEmpty()) {
            return found.get(0);
        }
        // The first case of an installation; two at once make one of them fail on the unique prefix, as a unique value would.
        return records.create(Actor.system(), ServiceTypes.CASE_NUMBER_SEQUENCE, Map.of("prefix", PREFIX, "nextNumber", 1));
    }
}
