package org.rapportcrm.bench.probe.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;

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
 * original's with its UUID version digit replaced): a large table in minutes instead of an import of every row.</li>
 * </ul>
 */
@Component
public class JdbcProbeResource implements RestResource {
    private final RawJdbcInsert rawInsert;
    private final QueryExplainer explainer;
    private final DataSource dataSource;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-bench-probe"));
    private volatile Map<String, Object> insertState = Map.of("state", "IDLE");

    @Activate
    public JdbcProbeResource(@Reference(target = "(osgi.jndi.service.name=rapportds)") DataSource dataSource) {
        this.rawInsert = new RawJdbcInsert(dataSource);
        this.explainer = new QueryExplainer(dataSource);
        this.dataSource = dataSource;
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
            ex.send(200, Map.of("rows", copyContacts(Integer.parseInt(String.valueOf(ex.query("copies"))))));
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

    /** @return the rows added */
    /** The version digits of the copies' ids: any hex digit but a random UUID's 4. */
    private static final String COPY_DIGITS = "012356789a";

    private long copyContacts(int copies) {
        if (copies < 1 || copies > 10) {
            throw RestException.badRequest("copies", "copies: 1 to 10");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> others = ScratchTable.writtenSourceColumns(c).stream().map(ScratchTable.Column::name).filter(n -> !n.equals("id")).toList();
            String columns = String.join(", ", others);
            long added = 0;
            for (int k = 0; k < copies; k++) {
                // Originals' ids are random UUIDs, whose version digit is 4; copy k has another hex digit there, so its id
                // is still one the API's routes take.
                added += s.executeUpdate("INSERT INTO rec_contact (id, " + columns + ") SELECT SUBSTR(id, 1, 14) || '" + COPY_DIGITS.charAt(k)
                        + "' || SUBSTR(id, 16), " + columns + " FROM rec_contact WHERE SUBSTR(id, 15, 1) = '4'");
            }
            return added;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
