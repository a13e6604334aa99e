package org.rapportcrm.prm.internal.mdf;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/** Who may write which fields of the MDF records: what the triggers share. */
final class Writes {
    private Writes() {
    }

    /** Refuses a change by {@code actor} of any field outside {@code allowed} (on a create: any value but the default). */
    static void onlyThese(Actor actor, RecordType type, Record before, Map<String, Object> after, Set<String> allowed, String why) {
        for (FieldDefinition f : type.getFields()) {
            String name = f.getApiName();
            Object was = before == null ? f.getDefaultValue() : before.get(name);
            if (!allowed.contains(name) && after.containsKey(name) && !same(was, after.get(name))) {
                throw new AccessDeniedException(why, name);
            }
        }
    }

    /** Refuses a change of any of {@code fields}: they are Rapport's to write. */
    static void notThese(RecordType type, Record before, Map<String, Object> after, Set<String> fields, String why) {
        for (String name : fields) {
            Object was = before == null ? type.field(name).map(FieldDefinition::getDefaultValue).orElse(null) : before.get(name);
            if (!same(was, after.get(name))) {
                throw new AccessDeniedException(why, name);
            }
        }
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Money x && b instanceof Money y) {
            return x.currency().equals(y.currency()) && x.amount().compareTo(y.amount()) == 0;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a == null ? null : String.valueOf(a), b == null ? null : String.valueOf(b));
    }

    static boolean changed(Record before, Map<String, Object> after, String field) {
        return before == null || !same(before.get(field), after.get(field));
    }
}
