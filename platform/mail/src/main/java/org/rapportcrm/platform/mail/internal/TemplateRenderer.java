package org.rapportcrm.platform.mail.internal;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;

/**
 * Fills e-mail templates with Pebble: the HTML body escaped for HTML, subject and text body as they are; strict about
 * variables, so a template naming a field the record type lacks fails. Templates only ever see maps of plain values
 * ({@code record}, {@code owner}, {@code sender}, and the records the record refers to, each under its reference
 * field's name, such as a contact's {@code account}), never Rapport's objects: what a template can reach is what the
 * model holds. Compiled templates are kept by their text, a bounded number of them.
 */
final class TemplateRenderer {
    /** The parts of a template, named as the template record's fields. */
    static final String SUBJECT = "subject";
    static final String HTML = "htmlBody";
    static final String TEXT = "textBody";
    /** The model's own names: a reference field of one of these names is reached through {@code record} only. */
    private static final Set<String> RESERVED = Set.of("record", "owner", "sender");
    private static final int CACHED = 256;

    private final PebbleEngine htmlEngine = engine(true);
    private final PebbleEngine plainEngine = engine(false);
    private final Map<String, PebbleTemplate> compiled = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PebbleTemplate> eldest) {
            return size() > CACHED;
        }
    });

    private static PebbleEngine engine(boolean html) {
        return new PebbleEngine.Builder().loader(new StringLoader()).strictVariables(true).autoEscaping(html)
                .newLineTrimming(false).cacheActive(false).build();
    }

    /**
     * Fills each part the template has.
     *
     * @throws InvalidMailException naming the part that cannot be filled
     */
    RenderedMail render(Record template, Map<String, Object> model) {
        return new RenderedMail(part(template, SUBJECT, model), part(template, HTML, model), part(template, TEXT, model));
    }

    /**
     * Fills the parts as they would be for a record of {@code type} with every field set, so a template that does not
     * parse or names what no record of the type has is refused when it is saved rather than when it is sent.
     */
    void check(Map<String, Object> parts, RecordType type, Function<String, RecordType> types) {
        Map<String, Map<String, Object>> referenced = new LinkedHashMap<>();
        references(type).forEach(f -> referenced.put(f.getApiName(), sampleValues(types.apply(f.getReferenceTo()))));
        Map<String, Object> model = model(sampleValues(type), Map.of("name", "Owner", "email", "owner@example.org"),
                Map.of("name", "Sender", "email", "sender@example.org"), referenced);
        for (String part : List.of(SUBJECT, HTML, TEXT)) {
            Object source = parts.get(part);
            if (source != null) {
                fill(part, source.toString(), model);
            }
        }
    }

    /**
     * What a template sees: the record's fields (and {@code id}), its owner's and the sender's name and address, and the
     * referenced records' fields by reference field ({@link #values}; every field null for an empty reference, so
     * {@code {{ account.name | default("your team") }}} gives a fallback).
     */
    static Map<String, Object> model(Map<String, Object> recordValues, Map<String, ?> owner, Map<String, ?> sender,
            Map<String, Map<String, Object>> referenced) {
        Map<String, Object> model = new LinkedHashMap<>();
        referenced.forEach((field, values) -> {
            if (!RESERVED.contains(field)) {
                model.put(field, values);
            }
        });
        model.put("record", recordValues);
        model.put("owner", owner);
        model.put("sender", sender);
        return model;
    }

    /** The reference fields of a type, whose records a template of that type may name. */
    static List<FieldDefinition> references(RecordType type) {
        return type == null ? List.of() : type.getFields().stream().filter(f -> f.getType() == FieldType.REFERENCE).toList();
    }

    /** A record's values as plain values: every field of its type present (null when empty; all of them for no record). */
    static Map<String, Object> values(Record record, RecordType type) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", record == null ? null : record.getId());
        if (type != null) {
            type.getFields().forEach(f -> values.put(f.getApiName(), null));
        }
        if (record != null) {
            record.getValues().forEach((k, v) -> values.put(k, v instanceof Money m ? m.amount().toPlainString() + " " + m.currency() : v));
        }
        return values;
    }

    private static Map<String, Object> sampleValues(RecordType type) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", "00000000-0000-0000-0000-000000000000");
        if (type != null) {
            for (FieldDefinition f : type.getFields()) {
                values.put(f.getApiName(), sample(f));
            }
        }
        return values;
    }

    private static Object sample(FieldDefinition f) {
        return switch (f.getType()) {
            case INTEGER -> 1L;
            case DECIMAL, PERCENT -> BigDecimal.ONE;
            case MONEY -> "1.00 EUR";
            case DATE -> LocalDate.now();
            case DATE_TIME -> Instant.now();
            case BOOLEAN -> Boolean.TRUE;
            case MULTI_PICKLIST -> List.of(f.getLabel() == null ? f.getApiName() : f.getLabel());
            default -> f.getLabel() == null ? f.getApiName() : f.getLabel();
        };
    }

    private String part(Record template, String part, Map<String, Object> model) {
        Object source = template.get(part);
        return source == null || source.toString().isEmpty() ? null : fill(part, source.toString(), model);
    }

    private String fill(String part, String source, Map<String, Object> model) {
        PebbleEngine engine = HTML.equals(part) ? htmlEngine : plainEngine;
        try {
            PebbleTemplate template = compiled.computeIfAbsent(part + '\u0000' + source, k -> engine.getTemplate(source));
            StringWriter out = new StringWriter();
            template.evaluate(out, model);
            return out.toString();
        } catch (RootAttributeNotFoundException e) {
            throw new InvalidMailException(part, "unknown variable '" + e.getAttributeName() + "'" + line(e)
                    + " (a template sees record.<field>, <reference field>.<field>, owner.name, owner.email, sender.name, sender.email)");
        } catch (AttributeNotFoundException e) {
            throw new InvalidMailException(part, "no field '" + e.getAttributeName() + "'" + line(e));
        } catch (PebbleException e) {
            throw new InvalidMailException(part, e.getPebbleMessage() + line(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(PebbleException e) {
        return e.getLineNumber() == null ? "" : " at line " + e.getLineNumber();
    }
}
