package org.rapportcrm.sales.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.rapportcrm.platform.api.metadata.MigrationContext;
import org.rapportcrm.platform.api.metadata.SchemaMigration;

/** The stages a new installation starts with; administrators change them as records (Sales stages). */
final class DefaultSalesProcess implements SchemaMigration {
    record Stage(String name, int probability, String outcome, String forecastCategory, String requiredFields) {
    }

    static final List<Stage> STAGES = List.of(
            new Stage("Prospecting", 10, SalesTypes.OPEN, "Pipeline", ""),
            new Stage("Qualification", 20, SalesTypes.OPEN, "Pipeline", "account"),
            new Stage("Needs analysis", 40, SalesTypes.OPEN, "Pipeline", "account,amount"),
            new Stage("Proposal", 60, SalesTypes.OPEN, "Best case", "account,amount,contact"),
            new Stage("Negotiation", 80, SalesTypes.OPEN, "Commit", "account,amount,contact"),
            new Stage("Closed Won", 100, SalesTypes.WON, "Closed", "account,amount"),
            new Stage("Closed Lost", 0, SalesTypes.LOST, "Omitted", "lossReason"));

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String description() {
        return "the standard sales process";
    }

    @Override
    public void apply(MigrationContext ctx) throws SQLException {
        List<String> fields = List.of("process", "name", "position", "probability", "outcome", "forecastCategory", "requiredFields", "active");
        String sql = "INSERT INTO " + ctx.table(SalesTypes.SALES_STAGE) + " (id, version, created_at, updated_at, created_by, updated_by, "
                + String.join(", ", fields.stream().map(ctx::column).toList()) + ") VALUES (?, 1, ?, ?, 'system', 'system', ?, ?, ?, ?, ?, ?, ?, ?)";
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try (PreparedStatement ps = ctx.connection().prepareStatement(sql)) {
            int position = 1;
            for (Stage s : STAGES) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setTimestamp(2, now);
                ps.setTimestamp(3, now);
                ps.setString(4, SalesTypes.STANDARD_PROCESS);
                ps.setString(5, s.name());
                ps.setLong(6, position++);
                ps.setBigDecimal(7, BigDecimal.valueOf(s.probability()));
                ps.setString(8, s.outcome());
                ps.setString(9, s.forecastCategory());
                ps.setString(10, s.requiredFields().isEmpty() ? null : s.requiredFields());
                ps.setBoolean(11, true);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
