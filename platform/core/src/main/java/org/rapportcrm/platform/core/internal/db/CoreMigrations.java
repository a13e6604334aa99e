package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The platform's own tables. Append new versions; never edit an applied one. */
public final class CoreMigrations {
    public static final String OWNER = "org.rapportcrm.platform.core";

    private CoreMigrations() {
    }

    public static List<Migration> all() {
        return List.of(sql(1, "users, teams, tokens, sessions, custom fields, audit trail", dialect -> List.of(
                "CREATE TABLE rapport_user (id VARCHAR(36) NOT NULL PRIMARY KEY, user_name VARCHAR(100) NOT NULL UNIQUE, "
                        + "display_name VARCHAR(200) NOT NULL, email VARCHAR(254), password_hash VARCHAR(300), "
                        + "active BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL)",
                "CREATE TABLE rapport_user_role (user_id VARCHAR(36) NOT NULL, role_name VARCHAR(50) NOT NULL, "
                        + "PRIMARY KEY (user_id, role_name))",
                "CREATE TABLE rapport_team (id VARCHAR(36) NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE)",
                "CREATE TABLE rapport_team_member (team_id VARCHAR(36) NOT NULL, user_id VARCHAR(36) NOT NULL, "
                        + "PRIMARY KEY (team_id, user_id))",
                "CREATE INDEX ix_rapport_team_member_user ON rapport_team_member (user_id)",
                "CREATE TABLE rapport_api_token (id VARCHAR(36) NOT NULL PRIMARY KEY, user_id VARCHAR(36) NOT NULL, "
                        + "name VARCHAR(100) NOT NULL, token_hash VARCHAR(64) NOT NULL, created_at TIMESTAMP NOT NULL)",
                "CREATE TABLE rapport_session (id_hash VARCHAR(64) NOT NULL PRIMARY KEY, user_id VARCHAR(36) NOT NULL, "
                        + "csrf_token VARCHAR(64) NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL)",
                "CREATE TABLE rapport_custom_field (record_type VARCHAR(64) NOT NULL, api_name VARCHAR(64) NOT NULL, "
                        + "label VARCHAR(200) NOT NULL, field_type VARCHAR(30) NOT NULL, required BOOLEAN NOT NULL, "
                        + "unique_value BOOLEAN NOT NULL, max_length INT, scale INT, default_value VARCHAR(4000), "
                        + "picklist_values VARCHAR(4000), reference_to VARCHAR(64), created_at TIMESTAMP NOT NULL, "
                        + "created_by VARCHAR(36), PRIMARY KEY (record_type, api_name))",
                "CREATE TABLE rapport_audit (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, changed_at TIMESTAMP NOT NULL, "
                        + "actor_id VARCHAR(36), actor_name VARCHAR(100), record_type VARCHAR(64) NOT NULL, "
                        + "record_id VARCHAR(36) NOT NULL, version BIGINT NOT NULL, operation VARCHAR(10) NOT NULL, "
                        + "field VARCHAR(64), old_value VARCHAR(4000), new_value VARCHAR(4000))",
                "CREATE INDEX ix_rapport_audit_record ON rapport_audit (record_type, record_id, id)")),
                sql(2, "import jobs and their refused rows", dialect -> List.of(
                "CREATE TABLE rapport_job (id VARCHAR(36) NOT NULL PRIMARY KEY, kind VARCHAR(30) NOT NULL, "
                        + "record_type VARCHAR(64), media_type VARCHAR(100), status VARCHAR(20) NOT NULL, input_path VARCHAR(1000), "
                        + "processed BIGINT NOT NULL, created BIGINT NOT NULL, failed BIGINT NOT NULL, actor_id VARCHAR(36) NOT NULL, "
                        + "created_at TIMESTAMP NOT NULL, started_at TIMESTAMP, finished_at TIMESTAMP, message VARCHAR(2000))",
                "CREATE TABLE rapport_job_error (job_id VARCHAR(36) NOT NULL, row_no BIGINT NOT NULL, field VARCHAR(64), "
                        + "message VARCHAR(1000) NOT NULL)",
                "CREATE INDEX ix_rapport_job_error_job ON rapport_job_error (job_id, row_no)")),
                sql(3, "responses to requests sent with an Idempotency-Key", dialect -> List.of(
                "CREATE TABLE rapport_idempotency (user_id VARCHAR(36) NOT NULL, idem_key VARCHAR(255) NOT NULL, "
                        + "request_hash VARCHAR(64) NOT NULL, state VARCHAR(10) NOT NULL, created_at TIMESTAMP NOT NULL, "
                        + "status INT, headers VARCHAR(4000), body " + dialect.binaryType() + ", PRIMARY KEY (user_id, idem_key))",
                "CREATE INDEX ix_rapport_idempotency_created ON rapport_idempotency (created_at)")),
                sql(4, "scheduled tasks (db-scheduler's table), failed tasks, import uploads", dialect -> {
                    // db-scheduler ships no DDL; this is its documented schema. Derby has no zoned timestamps: the
                    // scheduler is told to store UTC there.
                    String text = dialect == Dialect.POSTGRESQL ? "TEXT" : "VARCHAR(400)";
                    String bytes = dialect.binaryType();
                    String time = dialect == Dialect.POSTGRESQL ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
                    return List.of(
                        "CREATE TABLE rapport_scheduled_tasks (task_name " + text + " NOT NULL, task_instance " + text + " NOT NULL, "
                                + "task_data " + bytes + ", execution_time " + time + " NOT NULL, picked BOOLEAN NOT NULL, "
                                + "picked_by " + text + ", last_success " + time + ", last_failure " + time + ", "
                                + "consecutive_failures INT, last_heartbeat " + time + ", version BIGINT NOT NULL, priority SMALLINT, "
                                + "PRIMARY KEY (task_name, task_instance))",
                        "CREATE INDEX ix_rapport_scheduled_tasks_time ON rapport_scheduled_tasks (execution_time)",
                        "CREATE INDEX ix_rapport_scheduled_tasks_heartbeat ON rapport_scheduled_tasks (last_heartbeat)",
                        "CREATE INDEX ix_rapport_scheduled_tasks_priority ON rapport_scheduled_tasks (priority DESC, execution_time)",
                        "CREATE TABLE rapport_task_failure (handler VARCHAR(100) NOT NULL, instance_id VARCHAR(300) NOT NULL, "
                                + "task_data " + bytes + ", failures INT NOT NULL, failed_at TIMESTAMP NOT NULL, message VARCHAR(2000), "
                                + "PRIMARY KEY (handler, instance_id))",
                        "CREATE TABLE rapport_job_upload (job_id VARCHAR(36) NOT NULL, chunk_no INT NOT NULL, data " + bytes + " NOT NULL, "
                                + "PRIMARY KEY (job_id, chunk_no))");
                }),
                sql(5, "roles administrators edit: grants per type, field-level security, named permissions", dialect -> List.of(
                "CREATE TABLE rapport_role (name VARCHAR(50) NOT NULL PRIMARY KEY, label VARCHAR(200) NOT NULL, "
                        + "built_in BOOLEAN NOT NULL, version BIGINT NOT NULL)",
                "CREATE TABLE rapport_role_grant (role_name VARCHAR(50) NOT NULL, record_type VARCHAR(64) NOT NULL, "
                        + "read_scope VARCHAR(10) NOT NULL, can_create BOOLEAN NOT NULL, edit_scope VARCHAR(10) NOT NULL, "
                        + "delete_scope VARCHAR(10) NOT NULL, PRIMARY KEY (role_name, record_type))",
                "CREATE TABLE rapport_role_field (role_name VARCHAR(50) NOT NULL, record_type VARCHAR(64) NOT NULL, "
                        + "field VARCHAR(64) NOT NULL, can_read BOOLEAN NOT NULL, can_edit BOOLEAN NOT NULL, "
                        + "PRIMARY KEY (role_name, record_type, field))",
                "CREATE TABLE rapport_role_permission (role_name VARCHAR(50) NOT NULL, permission VARCHAR(50) NOT NULL, "
                        + "PRIMARY KEY (role_name, permission))",
                // One counter every role change moves on, so each node sees cheaply whether its cached roles are current.
                "CREATE TABLE rapport_role_revision (id INT NOT NULL PRIMARY KEY, revision BIGINT NOT NULL)",
                "INSERT INTO rapport_role_revision (id, revision) VALUES (1, 0)")),
                sql(6, "external principals: the account a portal user belongs to", dialect -> List.of(
                "ALTER TABLE rapport_user ADD COLUMN account_id VARCHAR(36)")),
                sql(7, "settings every node of a cluster shares (the installed capabilities)", dialect -> List.of(
                "CREATE TABLE rapport_shared_setting (scope VARCHAR(100) NOT NULL, setting_key VARCHAR(" + dialect.varcharLength(200)
                        + ") NOT NULL, setting_value VARCHAR(" + dialect.varcharLength(4000) + ") NOT NULL, changed_at TIMESTAMP NOT NULL, "
                        + "PRIMARY KEY (scope, setting_key))")),
                sql(8, "what deleting a referenced record does to a custom reference field (RESTRICT, SET_NULL, CASCADE)", dialect -> List.of(
                "ALTER TABLE rapport_custom_field ADD COLUMN on_delete VARCHAR(10)")),
                sql(9, "custom fields made searchable or indexed at runtime: where building their indexes stands", dialect -> List.of(
                "ALTER TABLE rapport_custom_field ADD COLUMN search_state VARCHAR(10)",
                "ALTER TABLE rapport_custom_field ADD COLUMN index_state VARCHAR(10)")),
                sql(10, "saved list views, per user and shared", dialect -> List.of(
                "CREATE TABLE rapport_list_view (id VARCHAR(36) NOT NULL PRIMARY KEY, record_type VARCHAR(64) NOT NULL, "
                        + "name VARCHAR(" + dialect.varcharLength(100) + ") NOT NULL, list_columns VARCHAR(4000) NOT NULL, "
                        + "filter_text VARCHAR(" + dialect.varcharLength(2000) + "), sort_field VARCHAR(70), shared BOOLEAN NOT NULL, "
                        + "owner_id VARCHAR(36) NOT NULL, version BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL)",
                "CREATE INDEX ix_rapport_list_view_type ON rapport_list_view (record_type, owner_id)")),
                sql(11, "files kept with records: their rows, extracted text, deduplicated content, uploads under way", dialect -> List.of(
                "CREATE TABLE rapport_file (id VARCHAR(36) NOT NULL PRIMARY KEY, record_type VARCHAR(64) NOT NULL, "
                        + "record_id VARCHAR(36) NOT NULL, name VARCHAR(" + dialect.varcharLength(255) + ") NOT NULL, "
                        + "media_type VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, sha256 VARCHAR(64) NOT NULL, "
                        + "confidential BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL, created_by VARCHAR(36), "
                        + "text_state VARCHAR(10) NOT NULL, text_at TIMESTAMP)",
                "CREATE INDEX ix_rapport_file_record ON rapport_file (record_type, record_id, created_at)",
                "CREATE INDEX ix_rapport_file_sha256 ON rapport_file (sha256)",
                "CREATE INDEX ix_rapport_file_text_at ON rapport_file (text_at)",
                "CREATE TABLE rapport_file_text (file_id VARCHAR(36) NOT NULL PRIMARY KEY, content " + dialect.longTextType() + " NOT NULL)",
                "CREATE TABLE rapport_file_content (sha256 VARCHAR(64) NOT NULL PRIMARY KEY, store_name VARCHAR(50) NOT NULL, "
                        + "content_key VARCHAR(200) NOT NULL, size_bytes BIGINT NOT NULL, created_at TIMESTAMP NOT NULL)",
                "CREATE TABLE rapport_file_chunk (content_key VARCHAR(36) NOT NULL, chunk_no INT NOT NULL, data " + dialect.binaryType()
                        + " NOT NULL, PRIMARY KEY (content_key, chunk_no))",
                "CREATE TABLE rapport_file_upload (content_key VARCHAR(200) NOT NULL PRIMARY KEY, store_name VARCHAR(50) NOT NULL, "
                        + "started_at TIMESTAMP NOT NULL)")),
                sql(12, "the durable outbox of record changes and its consumers' positions and leases", dialect -> List.of(
                // Only what is selected or deleted by is a column; the entry itself is the JSON payload.
                "CREATE TABLE rapport_outbox (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at TIMESTAMP NOT NULL, "
                        + "record_type VARCHAR(64) NOT NULL, payload " + dialect.longTextType() + " NOT NULL)",
                "CREATE INDEX ix_rapport_outbox_created ON rapport_outbox (created_at)",
                "CREATE TABLE rapport_outbox_consumer (name VARCHAR(100) NOT NULL PRIMARY KEY, position BIGINT NOT NULL, "
                        + "lease_owner VARCHAR(100), lease_until TIMESTAMP, failures INT NOT NULL, last_error VARCHAR(2000), "
                        + "retry_at TIMESTAMP)")),
                sql(13, "outbox entries name their record, change and version in columns, so readers that need no values skip the payload", dialect -> List.of(
                // Null in entries written before: readers take those from the payload (they expire with the outbox's retention).
                "ALTER TABLE rapport_outbox ADD COLUMN record_id VARCHAR(64)",
                "ALTER TABLE rapport_outbox ADD COLUMN change_kind VARCHAR(10)",
                "ALTER TABLE rapport_outbox ADD COLUMN record_version BIGINT")),
                sql(14, "external principals: the contact each one is; the single-use links of invitations and password resets", dialect -> List.of(
                "ALTER TABLE rapport_user ADD COLUMN contact_id VARCHAR(36)",
                "CREATE INDEX ix_rapport_user_contact ON rapport_user (contact_id)",
                // Only a hash of each link is kept: a copy of the database opens no account.
                "CREATE TABLE rapport_invitation_link (token_hash VARCHAR(64) NOT NULL PRIMARY KEY, user_id VARCHAR(36) NOT NULL, "
                        + "purpose VARCHAR(20) NOT NULL, portal VARCHAR(50) NOT NULL, issued_at TIMESTAMP NOT NULL, "
                        + "expires_at TIMESTAMP NOT NULL, used_at TIMESTAMP)",
                "CREATE INDEX ix_rapport_invitation_link_user ON rapport_invitation_link (user_id, issued_at)")));
    }

    private interface Statements {
        List<String> of(Dialect dialect);
    }

    private static Migration sql(int version, String description, Statements statements) {
        return new Migration() {
            @Override
            public int version() {
                return version;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void apply(Connection connection, Dialect dialect) throws SQLException {
                try (Statement s = connection.createStatement()) {
                    for (String sql : statements.of(dialect)) {
                        s.execute(sql);
                    }
                }
            }
        };
    }
}
