package org.rapportcrm.bench.probe.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.search.SearchIndex;

/**
 * {@code /api/v1/bench-probe}: comparison figures measured on the platform's own DataSource.
 * <ul>
 * <li>{@code POST jdbc-insert?rows=N[&seed=S][&shape=full|noSecondaryIndexes|plain][&index=NAME][&method=batch|copy]}
 * starts a {@link RawJdbcInsert} in the background (index: only that secondary index; copy: PostgreSQL's COPY) (one at a time; it can outlast an HTTP request); {@code GET jdbc-insert} answers its state and, once
 * COMPLETED, its rows/s.</li>
 * <li>{@code POST explain} with {@code {"sql", "params"}} answers the query's plan, from {@link QueryExplainer}.</li>
 * <li>{@code POST copy-column?from=city&to=benchRegion} copies one contact field's column into another for every row,
 * in one statement: values for a custom field whose index build is measured.</li>
 * <li>{@code POST copy-contacts?copies=N} adds N copies of every contact (INSERT ... SELECT, each copy's id the
 * original's with its UUID version digit replaced): a large table in minutes instead of an import of every row. It
 * answers the rows added and the original whose copies the search index, which takes them in by id, reaches last.</li>
 * </ul>
 */
@Component
public class JdbcProbeResource implements RestResource {
    private final RawJdbcInsert rawInsert;
    private final QueryExplainer explainer;
    private final DataSource dataSource;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-bench-probe"));
    private volatile Map<String, Object> insertState = Map.of("state", "IDLE");
    private final SearchIndex searchIndex;

    @Activate
    public JdbcProbeResource(@Reference(target = "(osgi.jndi.service.name=rapportds)") DataSource dataSource,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) SearchIndex searchIndex) {
        this.rawInsert = new RawJdbcInsert(dataSource);
        this.explainer = new QueryExplainer(dataSource);
        this.dataSource = dataSource;
        this.searchIndex = searchIndex;
    }

    @Deactivate
    void deactivate() {
        runner.shutdownNow();
    }

    @Override
    public String path() {
        return "bench-probe";
    }

    @Override
    public void handle(RestExchange ex) throws IOException {
        List<String> path = ex.pathSegments();
        if (path.isEmpty() && ex.method().equals("GET")) {
            ex.send(200, Map.of("probe", "ready"));
        } else if (path.equals(List.of("jdbc-insert")) && ex.method().equals("GET")) {
            ex.send(200, insertState);
        } else if (path.equals(List.of("jdbc-insert")) && ex.method().equals("POST")) {
            startInsert(ex);
        } else if (path.equals(List.of("explain")) && ex.method().equals("POST")) {
            Map<String, Object> body = ex.body();
            ex.send(200, explainer.explain(String.valueOf(body.get("sql")), (List<?>) body.getOrDefault("params", List.of())));
        } else if (path.equals(List.of("copy-contacts")) && ex.method().equals("POST")) {
            ex.send(200, copyContacts(Integer.parseInt(String.valueOf(ex.query("copies")))));
        } else if (path.equals(List.of("copy-column")) && ex.method().equals("POST")) {
            ex.send(200, Map.of("rows", copyColumn(ex.query("from"), ex.query("to"))));
        } else {
            throw RestException.notFound("bench-probe: GET, GET|POST jdbc-insert?rows=N, POST explain, POST copy-column?from=&to=");
        }
    }

    private long copyColumn(String from, String to) {
        for (String name : new String[] {from, to}) {
            if (name == null || !name.matches("[a-z][A-Za-z0-9]{0,39}")) {
                throw RestException.badRequest("from", "from and to: api names of contact fields");
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate("UPDATE rec_contact SET " + column(to) + " = " + column(from));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The version digits of the copies' ids: any hex digit but a random UUID's 4. */
    private static final String COPY_DIGITS = "012356789a";

    private Map<String, Object> copyContacts(int copies) {
        if (copies < 1 || copies > 10) {
            throw RestException.badRequest("copies", "copies: 1 to 10");
        }
        Instant copiedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long added = 0;
        String lastOriginal;
        try (Connection c = dataSource.getConnection()) {
            List<String> others = ScratchTable.writtenSourceColumns(c).stream().map(ScratchTable.Column::name).filter(n -> !n.equals("id")).toList();
            String columns = String.join(", ", others);
            // Copies are changed now, as the platform writes times, so the search index, which catches up by update time, takes them in.
            String values = others.stream().map(n -> n.equalsIgnoreCase("updated_at") ? "CAST(? AS TIMESTAMP)" : n).collect(Collectors.joining(", "));
            for (int k = 0; k < copies; k++) {
                // Originals' ids are random UUIDs, whose version digit is 4; copy k has another hex digit there, so its id
                // is still one the API's routes take.
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO rec_contact (id, " + columns + ") SELECT SUBSTR(id, 1, 14) || '"
                        + COPY_DIGITS.charAt(k) + "' || SUBSTR(id, 16), " + values + " FROM rec_contact WHERE SUBSTR(id, 15, 1) = '4'")) {
                    ps.setTimestamp(1, Timestamp.from(copiedAt));
                    added += ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(id) FROM rec_contact WHERE SUBSTR(id, 15, 1) = '4'")) {
                rs.next();
                lastOriginal = rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // Written past the record service, the copies have no change events: the index is told, as when events are dropped.
        if (searchIndex instanceof RecordChangeListener listener) {
            try {
                listener.changesDropped(copiedAt.minusSeconds(1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> answer = new HashMap<>();
        answer.put("rows", added);
        answer.put("lastOriginal", lastOriginal);
        return answer;
    }

    private static String column(String apiName) {
        return "f_" + apiName.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    private void startInsert(RestExchange ex) throws IOException {
        long rows = parseRows(ex.query("rows"));
        long seed = ex.query("seed") == null ? 42 : Long.parseLong(ex.query("seed"));
        ScratchShape shape = ScratchShape.of(ex.query("shape") == null ? ScratchShape.FULL.parameter : ex.query("shape"))
                .orElseThrow(() -> RestException.badRequest("shape", "shape: full, noSecondaryIndexes or plain"));
        synchronized (this) {
            if ("RUNNING".equals(insertState.get("state"))) {
                throw RestException.badRequest("rows", "A JDBC insert is running");
            }
            insertState = Map.of("state", "RUNNING", "rows", rows);
        }
        String onlyIndex = ex.query("index");
        boolean copy = "copy".equals(ex.query("method"));
        runner.execute(() -> insertState = rawInsert.run(rows, seed, shape, onlyIndex, copy));
        ex.send(202, insertState);
    }

    private static long parseRows(String rows) {
        try {
            long n = Long.parseLong(rows);
            if (n < 1 || n > 100_000_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw RestException.badRequest("rows", "rows: a count from 1 to 100,000,000");
        }
    }
}
