package org.rapportcrm.collaboration.internal;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.metadata.SchemaMigration;

/**
 * The collaboration tables, created by the platform's versioned migrations. Posts, follows and notifications are not
 * record types: a post belongs to a record of any type (no reference field can say that), its access is that record's,
 * and a notification is written, read and marked read many times more often than anything a person edits, so it needs
 * none of a record's audit trail, outbox entry, search indexing and cluster notice per write.
 *
 * <p>The store components reference this service, so they start only once the platform ran its migrations (it runs them
 * while it registers the provider). Uninstalling the capability keeps the tables and their rows.
 */
@Component(service = {RecordTypeProvider.class, CollaborationSchema.class})
public class CollaborationSchema implements RecordTypeProvider {
    static final List<String> V1 = List.of(
            "CREATE TABLE collab_post (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, record_type VARCHAR(64) NOT NULL,"
                    + " record_id VARCHAR(64) NOT NULL, parent_id BIGINT, author_id VARCHAR(64), author_name VARCHAR(255),"
                    + " body VARCHAR(10000) NOT NULL, created_at TIMESTAMP NOT NULL, edited_at TIMESTAMP)",
            "CREATE INDEX collab_post_record ON collab_post (record_type, record_id, created_at)",
            "CREATE INDEX collab_post_parent ON collab_post (parent_id)",
            "CREATE TABLE collab_follow (user_id VARCHAR(64) NOT NULL, record_type VARCHAR(64) NOT NULL, record_id VARCHAR(64) NOT NULL,"
                    + " following BOOLEAN NOT NULL, since TIMESTAMP NOT NULL, PRIMARY KEY (user_id, record_type, record_id))",
            "CREATE INDEX collab_follow_record ON collab_follow (record_type, record_id)",
            "CREATE TABLE collab_notification (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id VARCHAR(64) NOT NULL,"
                    + " kind VARCHAR(100) NOT NULL, title VARCHAR(500) NOT NULL, body VARCHAR(4000) NOT NULL, record_type VARCHAR(64),"
                    + " record_id VARCHAR(64), actor_id VARCHAR(64), created_at TIMESTAMP NOT NULL, read_at TIMESTAMP,"
                    + " in_app BOOLEAN NOT NULL, mail_state CHAR(1), source_key VARCHAR(120))",
            "CREATE INDEX collab_notification_user ON collab_notification (user_id, id)",
            "CREATE INDEX collab_notification_unread ON collab_notification (user_id, read_at, id)",
            "CREATE INDEX collab_notification_mail ON collab_notification (mail_state, user_id)",
            "CREATE INDEX collab_notification_source ON collab_notification (source_key)",
            "CREATE TABLE collab_preference (user_id VARCHAR(64) NOT NULL, kind VARCHAR(100) NOT NULL, in_app BOOLEAN NOT NULL,"
                    + " email BOOLEAN NOT NULL, PRIMARY KEY (user_id, kind))");

    @Override
    public List<RecordType> recordTypes() {
        return List.of();
    }

    @Override
    public List<SchemaMigration> migrations() {
        return List.of(SchemaMigration.of(1, "Posts, follows, notifications and notification preferences", V1));
    }
}
