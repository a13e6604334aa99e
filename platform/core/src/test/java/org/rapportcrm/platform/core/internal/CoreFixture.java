package org.rapportcrm.platform.core.internal;

import java.time.Clock;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.core.internal.security.Invitations;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.core.internal.cluster.ClusterChannel;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.file.FileContents;
import org.rapportcrm.platform.core.internal.file.FileServiceImpl;
import org.rapportcrm.platform.core.internal.file.FileTexts;
import org.rapportcrm.platform.core.internal.file.FilesConfig;
import org.rapportcrm.platform.core.internal.db.TransactionalDataSource;
import org.rapportcrm.platform.core.internal.event.ChangeDispatcher;
import org.rapportcrm.platform.core.internal.metadata.FieldIndexBuilds;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.metadata.ShapeIndexes;
import org.rapportcrm.platform.core.internal.metadata.StandardTypes;
import org.rapportcrm.platform.core.internal.outbox.OutboxWriter;
import org.rapportcrm.platform.core.internal.record.RecordServiceImpl;
import org.rapportcrm.platform.core.internal.record.RecordsConfig;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.rapportcrm.platform.core.internal.security.UserServiceImpl;
import org.rapportcrm.platform.core.internal.view.ListViewServiceImpl;

/**
 * The core services wired as DS wires them, over a real (in-memory) Derby database. Close it where it may run on
 * PostgreSQL: there it holds a listening connection, as a node of a cluster does.
 */
public final class CoreFixture implements AutoCloseable {
    public final DataSource dataSource;
    public final Database database;
    public final ClusterChannel cluster;
    public final MetadataRegistry metadata;
    public final RecordServiceImpl records;
    /** What the platform schedules; run it with {@link #buildFieldIndexes()}. */
    public final QueuedTasks tasks = new QueuedTasks();
    public final FieldIndexBuilds fieldIndexBuilds;
    public final UserServiceImpl users;
    public final ChangeDispatcher changes;
    public final AccessPolicy policy;
    public final ShapeIndexes shapeIndexes;
    public final ListViewServiceImpl views;
    /** Where every record change is written, in its transaction. */
    public final OutboxWriter outbox;
    /** The file store with its default settings; it deletes a record's files with the record. */
    public final FileServiceImpl files;
    private final EntityManagerFactory entities;
    /** Every committed change, as a RecordChangeListener hears it (on its own thread: await what you expect). */
    public final List<RecordChange> changesHeard = new CopyOnWriteArrayList<>();

    public CoreFixture() {
        this(memoryDataSource());
    }

    /** A second "start" of the platform over the same database, as after a restart. */
    public CoreFixture(DataSource dataSource) {
        this.dataSource = dataSource;
        this.database = new Database(dataSource);
        this.cluster = new ClusterChannel(database, clusterConfig());
        this.metadata = new MetadataRegistry(database, cluster, tasks);
        metadata.addProvider(new StandardTypes());
        this.fieldIndexBuilds = new FieldIndexBuilds(database, metadata);
        this.policy = new AccessPolicy(metadata, database, Configs.of(AccessPolicy.Config.class, Map.of()));
        this.entities = Persistence.createEntityManagerFactory("rapport",
                Map.of("javax.persistence.nonJtaDataSource", new TransactionalDataSource(database), "eclipselink.weaving", "false"));
        this.users = new UserServiceImpl(database, cluster, entities, policy, config(""));
        this.changes = new ChangeDispatcher(dispatchConfig(500));
        changes.addListener(new RecordChangeListener() {
            @Override
            public Set<String> recordTypes() {
                return Set.of();
            }

            @Override
            public void onChange(RecordChange change) {
                changesHeard.add(change);
            }
        }, "test");
        this.shapeIndexes = new ShapeIndexes(database, cluster);
        this.outbox = new OutboxWriter(database, cluster);
        this.records = new RecordServiceImpl(metadata, database, changes, policy, cluster, shapeIndexes, outbox, recordsConfig(2000));
        this.views = new ListViewServiceImpl(database, metadata, policy, shapeIndexes);
        FileContents contents = new FileContents(database);
        FilesConfig filesConfig = Configs.of(FilesConfig.class, Map.of());
        this.files = new FileServiceImpl(database, records, contents, new FileTexts(database, contents, cluster, tasks, filesConfig), filesConfig);
        records.addTrigger(files, "org.rapportcrm.platform.core");
    }

    /** Runs the builds of custom fields' indexes that were switched, as the clustered scheduler would. */
    public void buildFieldIndexes() {
        tasks.runAll(fieldIndexBuilds);
    }

    /** Lets go of the connections the JPA side holds and stops listening to the other nodes, for tests on a shared database server. */
    @Override
    public void close() {
        entities.close();
        cluster.close();
    }

    /** The defaults, with connections checked every second. */
    public static ClusterChannel.Config clusterConfig() {
        return new ClusterChannel.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ClusterChannel.Config.class;
            }

            @Override
            public int checkSeconds() {
                return 1;
            }

            @Override
            public int reconnectSeconds() {
                return 1;
            }

            @Override
            public long timeLimitMillis() {
                return 10_000;
            }

            @Override
            public int queueCapacity() {
                return 1000;
            }
        };
    }

    public static DataSource memoryDataSource() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return ds;
    }

    /** The platform's invitations into the given portals (which the access policy knows too), mailing through {@code mail}. */
    public Invitations invitations(MailService mail, Clock clock, ExternalPortal... portals) {
        Invitations invitations = new Invitations(database, records, users, policy, mail, clock);
        for (ExternalPortal portal : portals) {
            invitations.addPortal(portal);
            policy.addExternalPortal(portal);
        }
        return invitations;
    }

    public Actor user(String name, Set<String> roles, Set<String> teams) {
        User u = users.createUser(Actor.system(), new NewUser(name, name, name + "@example.com", "password-" + name, roles, teams));
        return Actor.user(u.id(), u.userName(), u.roles(), u.teamIds());
    }

    /** Waits until {@code condition} holds, failing after 20 s: for what other threads do (events, indexes). */
    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, 20);
    }

    /** Waits until {@code condition} holds, failing after {@code seconds}: for bulk work on a busy machine. */
    public static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    public static RecordsConfig recordsConfig(long unindexedSortMaxRows) {
        return new RecordsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RecordsConfig.class;
            }

            @Override
            public long unindexedSortMaxRows() {
                return unindexedSortMaxRows;
            }
        };
    }

    public static ChangeDispatcher.Config dispatchConfig(long timeLimitMillis) {
        return new ChangeDispatcher.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ChangeDispatcher.Config.class;
            }

            @Override
            public long timeLimitMillis() {
                return timeLimitMillis;
            }

            @Override
            public int queueCapacity() {
                return 100;
            }
        };
    }

    public static UserServiceImpl.Config config(String initialAdminPassword) {
        return Configs.of(UserServiceImpl.Config.class, Map.of("initialAdminPassword", initialAdminPassword, "sessionMinutes", 60));
    }
}
