package org.rapportcrm.platform.core.internal.cluster;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.cluster.ClusterChanges;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.extension.LazyService;
import org.rapportcrm.platform.core.internal.event.ListenerQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes' channel for notices of change. On PostgreSQL a notice is a NOTIFY sent in the publishing transaction
 * (delivered when it commits), and each node keeps one connection that LISTENs and hands what other nodes sent to the
 * {@link ClusterChangeListener}s, each on its own queue. NOTIFY is not queued for a session that is not listening, so
 * after every (re)connect the listeners are told they may have missed notices and read again. On Derby, which only one
 * node can open, there is nobody to tell.
 */
@Component(service = {ClusterChanges.class, ClusterChannel.class, HealthCheck.class}, configurationPid = ClusterChannel.PID)
@Designate(ocd = ClusterChannel.Config.class)
public class ClusterChannel implements ClusterChanges, HealthCheck {
    public static final String PID = "org.rapportcrm.cluster";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterChannel.class);

    @ObjectClassDefinition(name = "Rapport cluster", description = "How a node hears of the changes other nodes make (PostgreSQL)")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between checks that the listening connection still answers: a connection "
                + "cut without notice is otherwise only noticed when the operating system gives up on it")
        int checkSeconds() default 5;

        @AttributeDefinition(description = "Seconds before listening again after the connection was cut; doubles up to 30")
        int reconnectSeconds() default 1;

        @AttributeDefinition(description = "Longest time one listener may take for one notice before it is interrupted")
        long timeLimitMillis() default 30_000;

        @AttributeDefinition(description = "Notices waiting for one listener before further ones are dropped (it is then told it missed some)")
        int queueCapacity() default 1000;
    }

    private final Database database;
    private final Config config;
    private final Clock clock;
    private final Instant started;
    /** Tells this node's notices from the others': a node does not hear itself. New at every start. */
    private final String nodeId;
    private final Map<Object, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-cluster-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** Null on a database only one node can open. */
    private final PostgresListener listener;

    @Activate
    public ClusterChannel(@Reference Database database, Config config) {
        this(database, config, Clock.systemUTC());
    }

    ClusterChannel(Database database, Config config, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.started = clock.instant();
        byte[] random = new byte[9];
        new SecureRandom().nextBytes(random);
        this.nodeId = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        if (database.dialect() == Dialect.POSTGRESQL) {
            listener = new PostgresListener(database.pooledDataSource(), channelOf(database.read(c -> c.getSchema())), config, clock, new PostgresListener.Receiver() {
                @Override
                public void connected(Instant missedSince) {
                    subscribers.values().forEach(s -> s.missed(missedSince));
                }

                @Override
                public void received(String notice) {
                    deliver(notice);
                }
            });
            listener.start();
        } else {
            listener = null;
        }
    }

    /**
     * One channel per schema, so that clusters sharing a PostgreSQL database in separate schemas do not hear each
     * other; channel names are identifiers of at most 63 bytes.
     */
    static String channelOf(String schema) {
        String channel = "rapport:" + schema;
        if (channel.getBytes(StandardCharsets.UTF_8).length <= 63) {
            return channel;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
            return "rapport:" + java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops listening; public for tests and embedders. */
    @Deactivate
    public void close() {
        if (listener != null) {
            listener.stop();
        }
        subscribers.values().forEach(Subscriber::close);
        watchdog.shutdownNow();
    }

    /** Bound without being activated: a listener usually needs services that need this one. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(ComponentServiceObjects<ClusterChangeListener> listener) {
        LazyService<ClusterChangeListener> lazy = new LazyService<>(listener);
        add(listener, new Subscriber(lazy, lazy.bundle()));
    }

    void unbindListener(ComponentServiceObjects<ClusterChangeListener> listener) {
        removeListener(listener);
    }

    /**
     * Registers a listener of the platform's own, or a test's. A component that holds something other nodes change
     * registers before it first reads it, so no notice falls between reading and listening.
     */
    public void addListener(ClusterChangeListener listener, String bundle) {
        add(listener, new Subscriber(() -> listener, bundle));
    }

    /**
     * Hears one topic for a component of the platform: {@code onChange} gets each payload, {@code onMissed} runs when
     * notices may have been missed.
     *
     * @return the listener, for {@link #removeListener}
     */
    public ClusterChangeListener listen(String topic, Consumer<String> onChange, Runnable onMissed) {
        ClusterChangeListener listener = new ClusterChangeListener() {
            @Override
            public Set<String> topics() {
                return Set.of(topic);
            }

            @Override
            public void onChange(String t, String payload) {
                onChange.accept(payload);
            }

            @Override
            public void onMissedChanges(Instant since) {
                onMissed.run();
            }
        };
        addListener(listener, "org.rapportcrm.platform.core");
        return listener;
    }

    public void removeListener(Object listener) {
        Subscriber s = subscribers.remove(listener);
        if (s != null) {
            s.close();
        }
    }

    /**
     * A listener added while this node listens may have missed notices since this node started: it read what it holds
     * at some time before. (One added before this node listens is told when it does.)
     */
    private void add(Object key, Subscriber subscriber) {
        subscribers.put(key, subscriber);
        if (listener != null && listener.isListening()) {
            subscriber.missed(started);
        }
    }

    @Override
    public void publish(String topic, String payload) {
        String notice = Notice.format(nodeId, clock.instant(), topic, payload == null ? "" : payload);
        if (listener == null) {
            return;
        }
        // Joins the caller's transaction, so the notice goes out when (and only if) it commits.
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, listener.channel());
                ps.setString(2, notice);
                ps.execute();
            }
            return null;
        });
    }

    @Override
    public boolean isListening() {
        return listener == null || listener.isListening();
    }

    @Override
    public String name() {
        return "cluster";
    }

    /** The PostgreSQL server process of the listening connection (pg_stat_activity's pid), or 0. */
    int listeningBackendPid() {
        return listener == null ? 0 : listener.backendPid();
    }

    /** Not ready while it does not hear the other nodes: what it holds in memory may be out of date. */
    @Override
    public HealthStatus check() {
        if (listener == null) {
            return HealthStatus.up("one node (" + database.dialect().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        String problem = listener.problem();
        if (problem == null) {
            return HealthStatus.up("hears the other nodes' changes (PostgreSQL process " + listener.backendPid() + ")");
        }
        return listener.hasListened() ? HealthStatus.down("does not hear the other nodes' changes (" + problem + "); listening again")
                : HealthStatus.starting("starts listening to the other nodes' changes");
    }

    private void deliver(String raw) {
        Notice notice;
        try {
            notice = Notice.parse(raw);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring a notice that is not Rapport's: {}", raw);
            return;
        }
        if (notice.node().equals(nodeId)) {
            return;
        }
        subscribers.values().forEach(s -> s.offer(notice));
    }

    /** One listener's deliveries. */
    private final class Subscriber {
        final Supplier<ClusterChangeListener> listener;
        final ListenerQueue queue;
        /** The earliest time since which this listener missed notices and has not been told, or null. */
        final AtomicReference<Instant> missedSince = new AtomicReference<>();
        volatile Set<String> topics;

        Subscriber(Supplier<ClusterChangeListener> listener, String bundle) {
            this.listener = listener;
            this.queue = new ListenerQueue("rapport-cluster-", listener, bundle, config.queueCapacity(), config.timeLimitMillis(), watchdog);
        }

        void offer(Notice notice) {
            if (wants(notice.topic()) && !queue.offer(() -> deliver(notice)) && !queue.isShutdown() && markMissed(notice.sentAt())) {
                // a delivery still queued tells it first
                LOG.error("Cluster listener {} of bundle {} is {} notices behind: dropping notices from {} on, and telling it",
                        listener.get(), queue.bundle(), config.queueCapacity(), notice.topic());
            }
        }

        /** Tells the listener, on its own thread, that it may have missed notices sent from {@code since} on. */
        void missed(Instant since) {
            if (markMissed(since)) {
                queue.offer(this::tellMissed); // if the queue is full, a delivery still queued tells it first
            }
        }

        /** @return whether nothing was marked yet */
        private boolean markMissed(Instant since) {
            return missedSince.getAndAccumulate(since, (a, b) -> a == null || b.isBefore(a) ? b : a) == null;
        }

        private void deliver(Notice notice) {
            tellMissed();
            queue.call(notice.topic() + " " + notice.payload(), () -> listener.get().onChange(notice.topic(), notice.payload()));
        }

        private void tellMissed() {
            Instant since = missedSince.getAndSet(null);
            if (since != null) {
                queue.call("notices missed since " + since, () -> listener.get().onMissedChanges(since));
            }
        }

        private boolean wants(String topic) {
            try {
                Set<String> t = topics;
                if (t == null) {
                    t = Set.copyOf(listener.get().topics());
                    topics = t;
                }
                return t.contains(topic);
            } catch (RuntimeException e) {
                LOG.error("A cluster listener of bundle {} failed to name its topics", queue.bundle(), e);
                return false;
            }
        }

        void close() {
            queue.shutdown();
            if (listener instanceof LazyService<?> lazy) {
                lazy.release();
            }
        }
    }

    /**
     * {@code <node> <sent at, epoch ms> <topic>\n<payload>}: node ids and topics have no spaces or line breaks. The time
     * is by the sending node's clock, and says from when a listener that drops the notice may have missed something.
     */
    record Notice(String node, Instant sentAt, String topic, String payload) {
        static String format(String node, Instant sentAt, String topic, String payload) {
            if (topic == null || !TOPIC.matcher(topic).matches()) {
                throw new IllegalArgumentException("A topic is 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit: " + topic);
            }
            if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("A notice's payload is at most " + MAX_PAYLOAD_BYTES + " bytes; send ids, not data");
            }
            return node + " " + sentAt.toEpochMilli() + " " + topic + "\n" + payload;
        }

        static Notice parse(String notice) {
            int newline = notice.indexOf('\n');
            String[] head = (newline < 0 ? "" : notice.substring(0, newline)).split(" ");
            if (head.length != 3) {
                throw new IllegalArgumentException(notice);
            }
            try {
                return new Notice(head[0], Instant.ofEpochMilli(Long.parseLong(head[1])), head[2], notice.substring(newline + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(notice, e);
            }
        }
    }
}
