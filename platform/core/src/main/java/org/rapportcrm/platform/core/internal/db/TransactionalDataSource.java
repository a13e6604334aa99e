package org.rapportcrm.platform.core.internal.db;

import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The DataSource of the platform's JPA entities (persistence.xml names it): inside one of the platform's transactions it
 * gives that transaction's connection, so what EclipseLink writes commits or rolls back with the records, audit and
 * cluster notices written alongside; elsewhere a pooled connection.
 */
@Component(service = DataSource.class, property = "osgi.jndi.service.name=" + TransactionalDataSource.JNDI_NAME)
public final class TransactionalDataSource extends DelegatingDataSource {
    public static final String JNDI_NAME = "rapportds-tx";

    @Activate
    public TransactionalDataSource(@Reference Database database) {
        super(database.joiningDataSource());
    }
}
