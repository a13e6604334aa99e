package org.rapportcrm.platform.core.internal.record;

import java.util.ArrayList;
import java.util.List;

/** A WHERE fragment with its parameters, in order. */
public record SqlCondition(String sql, List<Object> params) {
    public static final SqlCondition TRUE = new SqlCondition("1=1", List.of());

    public static SqlCondition and(List<SqlCondition> parts) {
        List<SqlCondition> real = parts.stream().filter(p -> p != TRUE).toList();
        if (real.isEmpty()) {
            return TRUE;
        }
        if (real.size() == 1) {
            return real.get(0);
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (SqlCondition p : real) {
            sql.append(sql.length() == 0 ? "" : " AND ").append('(').append(p.sql()).append(')');
            params.addAll(p.params());
        }
        return new SqlCondition(sql.toString(), params);
    }
}
