package org.rapportcrm.platform.api.metadata;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tables a bundle owns outside the record machinery: a log or a queue written at a rate where a record's validation,
 * audit and outbox entry would cost more than the row (a capability's webhook deliveries, for example). The bundle
 * creates and changes them with its own {@link SchemaMigration}s, applied through this service before it uses them,
 * and reads and writes them with plain JDBC on the platform's DataSource, the service {@code javax.sql.DataSource}
 * matching {@link #DATA_SOURCE}. Prefix table names with the capability's name ({@code automation_...}); the platform's
 * own prefixes {@code rapport_} and {@code rec_} are taken. Removing the bundle keeps its tables and their data.
 *
 * <pre>
 * &#64;Activate
 * public DeliveryStore(&#64;Reference SchemaMigrations schema,
 *         &#64;Reference(target = SchemaMigrations.DATA_SOURCE) DataSource dataSource) {
 *     schema.migrate("org.rapportcrm.automation.deliveries", List.of(new CreateDeliveryTable()));
 *     this.dataSource = dataSource;
 * }
 * </pre>
 */
@ProviderType
public interface SchemaMigrations {
    /**
     * The service filter of the platform's DataSource. On a thread that is inside one of the platform's transactions
     * (a {@code RecordTrigger}, say) it hands out that transaction's connection, whose commit, rollback and close are
     * left to the platform, so what the bundle writes there commits or rolls back with the records; elsewhere a pooled
     * connection the bundle commits and closes itself.
     */
    String DATA_SOURCE = "(osgi.jndi.service.name=rapportds-tx)";

    /**
     * Applies the owner's migrations that have not run yet, in version order, each in a transaction of its own that also
     * records it under {@code owner} (so each runs once, also when several nodes start at once); returns when all have.
     *
     * @param owner a stable name, such as the bundle's symbolic name and what the tables are for
     * @throws RuntimeException when one fails: it and the later ones are tried again at the next call
     */
    void migrate(String owner, List<SchemaMigration> migrations);
}
