package org.rapportcrm.platform.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A Derby data source that keeps Derby's own account (runtime statistics) of every query the core runs through it: which
 * index it read, how many rows it visited, whether it sorted.
 */
final class DerbyPlans {
    private static final Pattern ROWS_VISITED = Pattern.compile("Number of rows visited=(\\d+)");
    private static final Pattern INDEX = Pattern.compile("using (?:index|constraint) (\\S+)");

    /** One query and Derby's plan of it. */
    record Plan(String sql, String text) {
        boolean sorts() {
            return text.contains("Sort ResultSet");
        }

        boolean scansTable() {
            return text.contains("Table Scan ResultSet");
        }

        /** The indexes (or constraints) read. */
        List<String> indexes() {
            List<String> found = new ArrayList<>();
            Matcher m = INDEX.matcher(text);
            while (m.find()) {
                found.add(m.group(1));
            }
            return found;
        }

        long rowsVisited() {
            long rows = 0;
            Matcher m = ROWS_VISITED.matcher(text);
            while (m.find()) {
                rows += Long.parseLong(m.group(1));
            }
            return rows;
        }
    }

    private final DataSource target;
    private final List<Plan> plans = new CopyOnWriteArrayList<>();

    DerbyPlans(DataSource target) {
        this.target = target;
    }

    /** Every query run since the last call, with its plan; and forgets them. */
    List<Plan> take() {
        List<Plan> taken = List.copyOf(plans);
        plans.clear();
        return taken;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, target, (method, args, result) -> method.getName().equals("getConnection")
                ? connection((Connection) result) : result);
    }

    private Connection connection(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
        }
        return proxy(Connection.class, c, (method, args, result) -> method.getName().equals("prepareStatement")
                ? statement(c, (String) args[0], (PreparedStatement) result) : result);
    }

    private PreparedStatement statement(Connection c, String sql, PreparedStatement ps) {
        return proxy(PreparedStatement.class, ps, (method, args, result) -> method.getName().equals("executeQuery")
                ? resultSet(c, sql, (ResultSet) result) : result);
    }

    /** The statistics are complete once the result is read and closed. */
    private ResultSet resultSet(Connection c, String sql, ResultSet rs) {
        return proxy(ResultSet.class, rs, (method, args, result) -> {
            if (method.getName().equals("close") && sql.startsWith("SELECT")) {
                try (Statement s = c.createStatement(); ResultSet stats = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
                    stats.next();
                    plans.add(new Plan(sql, stats.getString(1)));
                }
            }
            return result;
        });
    }

    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object[] args, Object result) throws SQLException;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(DerbyPlans.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
