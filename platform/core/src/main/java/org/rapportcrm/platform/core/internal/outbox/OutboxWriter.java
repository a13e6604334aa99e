package org.rapportcrm.platform.core.internal.outbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.cluster.ClusterChanges;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.PostgresCopy;

/**
 * Writes the outbox entries of a transaction's record changes as part of it: collected while the transaction runs and
 * inserted in one batch just before it commits, so a bulk import pays one round trip per batch, not per record. Once
 * it has committed, this node's consumers are woken at once and the other nodes' through a cluster notice.
 */
@Component(service = OutboxWriter.class)
public class OutboxWriter {
    /** The cluster notice that tells the other nodes new entries have committed. */
    public static final String TOPIC = "platform.outbox";
    private static final int BATCH = 1000;
    private static final List<String> COLUMNS = List.of("created_at", "record_type", "payload", "record_id", "change_kind", "record_version");

    private final Database database;
    private final ClusterChanges cluster;
    private final OutboxJson json = new OutboxJson();
    private volatile Runnable committed = () -> { };

    private record Pending(RecordChange change, Instant time, String payload) {
    }

    @Activate
    public OutboxWriter(@Reference Database database, @Reference ClusterChanges cluster) {
        this.database = database;
        this.cluster = cluster;
    }

    /** What to do on this node once entries have committed (the dispatcher wakes its consumers). */
    void whenCommitted(Runnable action) {
        this.committed = action;
    }

    /**
     * Adds the change's entry to the current transaction.
     *
     * @param previousValues for an update, the former value of each changed field; empty otherwise
     */
    public void add(RecordChange change, Instant time, Map<String, Object> previousValues) {
        List<Pending> pending = database.transactionState(this, () -> {
            database.afterCommit(() -> committed.run());
            cluster.publish(TOPIC, "");
            return new ArrayList<>();
        });
        if (pending.isEmpty()) {
            // Written and emptied just before the commit; a change made by other work at that moment gets another turn.
            database.beforeCommit(c -> {
                write(c, pending);
                pending.clear();
                return null;
            });
        }
        pending.add(new Pending(change, time, json.write(change, time, previousValues)));
    }

    private void write(java.sql.Connection c, List<Pending> pending) throws java.sql.SQLException {
        if (pending.size() > 1 && database.dialect() == Dialect.POSTGRESQL && PostgresCopy.canCopy(c)) {
            // A bulk import's entries as one COPY stream; the time as setTimestamp sends it (the JVM's zone).
            List<List<Object>> rows = new ArrayList<>(pending.size());
            for (Pending p : pending) {
                rows.add(List.of(Timestamp.from(p.time()).toString(), p.change().recordType(), p.payload(), p.change().record().getId(),
                        p.change().kind(), p.change().record().getVersion()));
            }
            PostgresCopy.copy(c, "rapport_outbox", COLUMNS, rows);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_outbox (" + String.join(", ", COLUMNS) + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Pending p : pending) {
                ps.setTimestamp(1, Timestamp.from(p.time()));
                ps.setString(2, p.change().recordType());
                ps.setString(3, p.payload());
                ps.setString(4, p.change().record().getId());
                ps.setString(5, p.change().kind());
                ps.setLong(6, p.change().record().getVersion());
                ps.addBatch();
                if (++n % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            if (n % BATCH != 0) {
                ps.executeBatch();
            }
        }
    }
}
