package org.rapportcrm.platform.core.internal.outbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.cluster.ClusterChanges;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.api.outbox.ConsumerPosition;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.outbox.OutboxChange;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.core.internal.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registered {@link OutboxConsumer}s: each on one node of the cluster at a time, held through a lease in its
 * database row, on a thread of its own. A consumer is woken when entries commit on this node, when another node's
 * notice says they did, and otherwise polls slowly; it is given what {@link CommitOrder} says is settled, in batches,
 * and its position moves only once a batch returns. Durable state (positions, leases, failures) is all in the
 * database; the threads only carry it out. A consumer's position past entries it does not want is written at most once
 * every {@link #PASSED_WRITE_MILLIS} (or with its next batch): each write is a commit, which on Derby waits for the disk,
 * and every consumer is woken by every commit. A consumer registered with {@link Outbox#BATCH_INTERVAL_MILLIS} starts
 * a batch no sooner than that after one that was not full.
 */
@Component(service = {Outbox.class, OutboxDispatcher.class, HealthCheck.class, ClusterChangeListener.class},
        configurationPid = OutboxConfig.PID)
@Designate(ocd = OutboxConfig.class)
public class OutboxDispatcher implements Outbox, HealthCheck, ClusterChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final String REPLAY = "replay:";
    /** How soon to look again while a gap waits for a transaction that is still running. */
    private static final long GAP_RECHECK_MILLIS = 10;
    /**
     * How long a position moved only past unwanted entries may stay unwritten. Losing it (a node dies) costs reading
     * those entries again, and none of them is given to the consumer.
     */
    static final long PASSED_WRITE_MILLIS = 1000;
    private static final long MAX_BATCH_INTERVAL_MILLIS = 10_000;

    private final Database database;
    private final ClusterChanges cluster;
    private final OutboxConfig config;
    private final Clock clock;
    private final OutboxStore store;
    private final OutboxJson json = new OutboxJson();
    private final String node;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();

    @Activate
    public OutboxDispatcher(@Reference Database database, @Reference OutboxWriter writer, @Reference ClusterChanges cluster,
            OutboxConfig config) {
        this(database, writer, cluster, config, Clock.systemUTC(), nodeName());
    }

    /** For tests: several "nodes" over one database. */
    public OutboxDispatcher(Database database, OutboxWriter writer, ClusterChanges cluster, OutboxConfig config, Clock clock, String node) {
        this.database = database;
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        this.node = node;
        this.store = new OutboxStore(database.dialect());
        writer.whenCommitted(this::wakeAll);
    }

    private static String nodeName() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        String name = host + "-" + HexFormat.of().formatHex(random);
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addConsumer(OutboxConsumer consumer, Map<String, Object> properties) {
        String name = consumer.name();
        if (name == null || !NAME.matcher(name).matches()) {
            LOG.error("Outbox consumer {} ignored: its name '{}' is not letters, digits, '.', '-' and '_' (at most 100)", consumer, name);
            return;
        }
        Worker worker = new Worker(consumer, name, batchInterval(name, properties.get(BATCH_INTERVAL_MILLIS)));
        if (workers.putIfAbsent(name, worker) != null) {
            LOG.error("Outbox consumer {} ignored: another consumer is registered as '{}'", consumer, name);
            return;
        }
        worker.start();
    }

    private static long batchInterval(String consumer, Object value) {
        if (value == null) {
            return 0;
        }
        try {
            long millis = Long.parseLong(value.toString().trim());
            if (millis >= 0 && millis <= MAX_BATCH_INTERVAL_MILLIS) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        LOG.error("Outbox consumer {}: {} is '{}', not a whole number of milliseconds from 0 to {}; its batches are not spaced",
                consumer, BATCH_INTERVAL_MILLIS, value, MAX_BATCH_INTERVAL_MILLIS);
        return 0;
    }

    public void removeConsumer(OutboxConsumer consumer) {
        Worker worker = workers.get(consumer.name());
        if (worker != null && worker.consumer == consumer && workers.remove(consumer.name(), worker)) {
            worker.stop();
        }
    }

    @Deactivate
    public void close() {
        new ArrayList<>(workers.values()).forEach(w -> removeConsumer(w.consumer));
    }

    void wakeAll() {
        workers.values().forEach(Worker::wake);
    }

    @Override
    public Set<String> topics() {
        return Set.of(OutboxWriter.TOPIC);
    }

    @Override
    public void onChange(String topic, String payload) {
        if (payload.startsWith(REPLAY)) {
            Worker w = workers.get(payload.substring(REPLAY.length()));
            if (w != null) {
                w.reload = true;
                w.wake();
            }
        } else {
            wakeAll();
        }
    }

    @Override
    public void onMissedChanges(Instant since) {
        workers.values().forEach(w -> {
            w.reload = true;
            w.wake();
        });
    }

    @Override
    public Optional<ConsumerPosition> position(String consumer) {
        return database.read(c -> store.find(c, consumer));
    }

    @Override
    public void replay(String consumer, Instant from) {
        Instant now = clock.instant();
        if (from.isBefore(now.minus(RETENTION)) || from.isAfter(now)) {
            throw new IllegalArgumentException("A replay starts within the last " + RETENTION.toDays() + " days, not at " + from);
        }
        boolean moved = database.inTransaction(c -> store.move(c, consumer, store.before(c, from)) && publishReplay(consumer));
        if (!moved) {
            throw new IllegalArgumentException("No outbox consumer is named '" + consumer + "'");
        }
        Worker w = workers.get(consumer);
        if (w != null) {
            w.reload = true;
            w.wake();
        }
    }

    private boolean publishReplay(String consumer) {
        cluster.publish(OutboxWriter.TOPIC, REPLAY + consumer);
        return true;
    }

    @Override
    public List<OutboxEntry> consumed(String consumer, Instant since, long afterSequence, int limit) {
        Reader reader = reader(consumer);
        return database.read(c -> store.between(c, afterSequence, reader.upTo(), since, limit)).stream()
                .filter(reader.worker()::wants).map(r -> json.read(r.sequence(), r.payload())).toList();
    }

    /** A registered consumer and its position: what a reader of its consumed entries may read up to. */
    private record Reader(Worker worker, long upTo) {
    }

    private Reader reader(String consumer) {
        Worker w = workers.get(consumer);
        ConsumerPosition position = position(consumer).orElse(null);
        if (w == null || position == null) {
            throw new IllegalArgumentException("No outbox consumer is registered as '" + consumer + "'");
        }
        return new Reader(w, position.sequence());
    }

    @Override
    public List<OutboxChange> consumedChanges(String consumer, Instant since, long afterSequence, int limit) {
        Reader r = reader(consumer);
        return database.read(c -> {
            List<OutboxStore.Head> heads = store.headsBetween(c, afterSequence, r.upTo(), since, limit);
            List<OutboxChange> changes = new ArrayList<>(heads.size());
            for (OutboxStore.Head h : heads) {
                if (r.worker().wants(h.recordType())) {
                    changes.add(h.change() != null ? h.change() : legacy(c, h.sequence()));
                }
            }
            return changes;
        });
    }

    /** An entry written before the outbox had the record's columns: read from its payload. */
    private OutboxChange legacy(java.sql.Connection c, long sequence) throws java.sql.SQLException {
        CommitOrder.Row row = store.between(c, sequence - 1, sequence, Instant.EPOCH, 1).get(0);
        OutboxEntry e = json.read(row.sequence(), row.payload());
        return new OutboxChange(e.sequence(), e.kind(), e.recordType(), e.recordId(), e.version(), e.time());
    }

    /** Whether the consumer waits in front of an entry that another transaction has not committed yet. */
    public boolean waitsForACommit(String consumer) {
        Worker w = workers.get(consumer);
        return w != null && w.order.waitingForGap();
    }

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public HealthStatus check() {
        List<String> failing = new ArrayList<>();
        for (Worker w : workers.values()) {
            if (w.failures >= config.failuresBeforeDown()) {
                failing.add(w.name + " failed " + w.failures + " times in a row: " + w.lastError);
            }
        }
        if (!failing.isEmpty()) {
            return HealthStatus.down("Outbox consumers fail: " + String.join("; ", failing));
        }
        long here = workers.values().stream().filter(w -> w.leased).count();
        return HealthStatus.up(workers.size() + " consumers, " + here + " running on this node");
    }

    /** One consumer on this node: takes its lease when free, then reads, hands over and moves on, until stopped. */
    private final class Worker implements Runnable {
        final OutboxConsumer consumer;
        final String name;
        final Set<String> types;
        private final long batchIntervalMillis;
        private final BlockingQueue<Boolean> wakeUp = new ArrayBlockingQueue<>(1);
        private final CommitOrder order = new CommitOrder();
        private final Thread thread;
        private volatile boolean running = true;
        volatile boolean reload;
        volatile boolean leased;
        volatile int failures;
        volatile String lastError;
        private Instant leaseUntil = Instant.MIN;
        private Instant retryAt;
        /** Where the consumer is: past the entries it was given, and past those it does not want. */
        private long position;
        /** The position as written in the database: behind {@link #position} by unwanted entries only. */
        private long written;
        /** Since when {@link #position} is ahead of {@link #written}; null when it is not. */
        private Instant aheadSince;
        /** When the next batch may start, the consumer's batch interval after the last one that was not full. */
        private Instant nextBatchAt = Instant.MIN;

        Worker(OutboxConsumer consumer, String name, long batchIntervalMillis) {
            this.consumer = consumer;
            this.name = name;
            this.batchIntervalMillis = batchIntervalMillis;
            this.types = Set.copyOf(consumer.recordTypes());
            this.thread = new Thread(this, "rapport-outbox-" + name);
            thread.setDaemon(true);
        }

        boolean wants(CommitOrder.Row row) {
            return wants(row.recordType());
        }

        boolean wants(String recordType) {
            return types.isEmpty() || types.contains(recordType);
        }

        /** Registers the consumer at the outbox's head before returning, so it gets every change made after it was added. */
        void start() {
            try {
                register();
            } catch (RuntimeException e) {
                LOG.warn("Outbox consumer {} not registered yet, its thread tries again: {}", name, e.toString());
            }
            thread.start();
        }

        private void register() {
            database.inTransaction(c -> store.register(c, name, store.last(c)));
        }

        void wake() {
            wakeUp.offer(Boolean.TRUE);
        }

        void stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            try {
                register();
                while (running) {
                    long waitMillis;
                    try {
                        waitMillis = step();
                    } catch (RuntimeException e) {
                        if (!running) {
                            break;
                        }
                        LOG.warn("Outbox consumer {} could not go on, trying again: {}", name, e.toString());
                        leased = false;
                        waitMillis = config.pollMillis();
                    }
                    if (waitMillis > 0 && wakeUp.poll(waitMillis, TimeUnit.MILLISECONDS) == null && !running) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("Outbox consumer {} stopped: {}", name, e.toString(), e);
            } finally {
                if (leased) {
                    try {
                        if (aheadSince != null) {
                            writePosition();
                        }
                        database.inTransaction(c -> {
                            store.release(c, name, node);
                            return null;
                        });
                    } catch (RuntimeException e) {
                        LOG.debug("Outbox consumer {}: lease not released, it expires by itself", name, e);
                    }
                    leased = false;
                }
            }
        }

        /** One round; returns how long to wait before the next (0: at once). */
        private long step() {
            Instant now = clock.instant();
            Duration lease = Duration.ofSeconds(config.leaseSeconds());
            if (!leased || reload || now.isAfter(leaseUntil.minus(lease.dividedBy(2)))) {
                boolean wasLeased = leased;
                // A replay, missed notices or a refused write: the row says where to go on, even where it equals
                // what was written last (a replay back to it while a batch was being consumed).
                boolean reread = reload;
                reload = false;
                leased = database.inTransaction(c -> store.lease(c, name, node, now, now.plus(lease)));
                if (!leased) {
                    return config.pollMillis();
                }
                leaseUntil = now.plus(lease);
                ConsumerPosition row = position(name).orElseThrow();
                if (!wasLeased || reread || row.sequence() != written) {
                    position = row.sequence(); // taken over, or moved by a replay
                    written = position;
                    aheadSince = null;
                    failures = row.failures();
                    lastError = row.lastError();
                    retryAt = row.retryAt();
                    order.reset();
                }
            }
            for (Instant notBefore : new Instant[] {retryAt, nextBatchAt}) {
                if (notBefore != null && now.isBefore(notBefore)) { // waking in time to renew the lease
                    return Math.min(Duration.between(now, notBefore).toMillis() + 1, lease.toMillis() / 2);
                }
            }
            int limit = Math.max(1, consumer.batchSize());
            OutboxStore.Read read = database.read(c -> store.after(c, position, limit, order.waitingForGap()));
            List<CommitOrder.Row> settled = order.settled(position, read.rows(), read.snapshot());
            if (settled.isEmpty()) {
                if (aheadSince != null && !now.isBefore(aheadSince.plusMillis(PASSED_WRITE_MILLIS))) {
                    writePosition();
                }
                long wait = order.waitingForGap() ? GAP_RECHECK_MILLIS : config.pollMillis();
                return aheadSince == null ? wait : Math.min(wait, PASSED_WRITE_MILLIS);
            }
            long from = position;
            long to = settled.get(settled.size() - 1).sequence();
            List<OutboxEntry> batch = settled.stream().filter(this::wants).map(r -> json.read(r.sequence(), r.payload())).toList();
            if (batch.isEmpty() && (aheadSince == null || now.isBefore(aheadSince.plusMillis(PASSED_WRITE_MILLIS)))) {
                position = to;
                aheadSince = aheadSince == null ? now : aheadSince;
                return 0;
            }
            if (!batch.isEmpty()) {
                try {
                    consumer.consume(batch);
                } catch (Exception e) {
                    if (!running) {
                        return 0;
                    }
                    failures++;
                    lastError = String.valueOf(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                    long backoff = Math.min(config.maxBackoffSeconds(), 1L << Math.min(20, failures - 1));
                    retryAt = now.plusSeconds(backoff);
                    LOG.warn("Outbox consumer {} failed on entries {}..{} ({} times in a row); given again in {} s: {}",
                            name, from + 1, to, failures, backoff, e.toString());
                    int f = failures;
                    String error = lastError;
                    Instant at = retryAt;
                    database.inTransaction(c -> {
                        store.failed(c, name, f, error, at);
                        return null;
                    });
                    return 0;
                }
            }
            position = to;
            writePosition();
            if (!batch.isEmpty() && read.rows().size() < limit) {
                nextBatchAt = now.plusMillis(batchIntervalMillis);
            }
            return 0;
        }

        /** Writes the position (past what was given, and what was not wanted). */
        private void writePosition() {
            long from = written;
            long to = position;
            if (database.inTransaction(c -> store.advance(c, name, node, from, to))) {
                written = to;
                aheadSince = null;
                failures = 0;
                lastError = null;
                retryAt = null;
            } else {
                reload = true; // replayed meanwhile, or the lease was lost: read the row again
            }
        }
    }
}
