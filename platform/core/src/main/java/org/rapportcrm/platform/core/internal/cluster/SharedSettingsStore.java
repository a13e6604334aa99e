package org.rapportcrm.platform.core.internal.cluster;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.cluster.ClusterChanges;
import org.rapportcrm.platform.api.cluster.SharedSettings;
import org.rapportcrm.platform.core.internal.db.Database;

/** Shared settings in {@code rapport_shared_setting}; each change is published on the topic named like its scope. */
@Component(service = SharedSettings.class)
public class SharedSettingsStore implements SharedSettings {
    private final Database database;
    private final ClusterChanges changes;

    @Activate
    public SharedSettingsStore(@Reference Database database, @Reference ClusterChanges changes) {
        this.database = database;
        this.changes = changes;
    }

    @Override
    public Map<String, String> get(String scope) {
        checkScope(scope);
        return database.read(c -> {
            Map<String, String> settings = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT setting_key, setting_value FROM rapport_shared_setting WHERE scope = ? ORDER BY setting_key")) {
                ps.setString(1, scope);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        settings.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return settings;
        });
    }

    /** Replaces the row under a lock of its key, so two nodes setting it at once write one after the other. */
    @Override
    public synchronized void put(String scope, String key, String value) {
        checkScope(scope);
        if (key == null || key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("A setting's key is 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (value != null && value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("A setting's value is at most " + MAX_VALUE_LENGTH + " characters");
        }
        database.inTransaction(c -> {
            database.dialect().lockAcrossNodes(c, "rapport.setting:" + scope + ":" + key);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_shared_setting WHERE scope = ? AND setting_key = ?")) {
                ps.setString(1, scope);
                ps.setString(2, key);
                ps.executeUpdate();
            }
            if (value != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rapport_shared_setting (scope, setting_key, setting_value, changed_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, scope);
                    ps.setString(2, key);
                    ps.setString(3, value);
                    ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
            changes.publish(scope, key);
            return null;
        });
    }

    private static void checkScope(String scope) {
        if (scope == null || !ClusterChanges.TOPIC.matcher(scope).matches() || scope.length() > 100) {
            throw new IllegalArgumentException("A scope is named like a topic (letters, digits, '.', '-', '_'): " + scope);
        }
    }
}
