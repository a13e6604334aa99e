package org.rapportcrm.platform.core.internal.metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;

/**
 * The indexes of a record type's table, derived from its metadata: what {@link SchemaManager} creates, and what list
 * queries rely on to read a page in order instead of sorting the table. Every index ends with {@code id}, the
 * tie-break of every list order.
 * <p>
 * Lists are offered in both directions on the system dates, the name and indexed fields (searchable text by its
 * lower-cased column). PostgreSQL reads an index backwards for the descending order; Derby reads indexes only forwards,
 * so there each of those has a descending twin (NULLs sort high on both databases, so a descending index starts with
 * them, as {@code ORDER BY ... DESC} does).
 * <p>
 * Every index costs each insert and update of the table (on Derby 6–14 µs a row each, the more indexes the more each: bench scenario 1), so a field
 * gets one only where a list or a lookup needs it: searchable text that is neither the name nor indexed is found by
 * the search index, filtered through its lower-cased column without an index, and sorted only on small tables (an
 * admin marks it indexed to sort a large one); an e-mail address keeps an ascending index for lookups by address.
 */
public final class TableIndexes {
    /** An index over {@code columns}, all ascending or all descending. */
    public record Index(String name, List<String> columns, boolean descending) {
        String ddl(String table, Dialect dialect) {
            return ddl(dialect.createIndex(name), table);
        }

        /** {@code createIndex}, the start of a CREATE INDEX statement naming this index, completed for {@code table}. */
        String ddl(String createIndex, String table) {
            String direction = descending ? " DESC" : "";
            return createIndex + " ON " + table + " (" + String.join(direction + ", ", columns) + direction + ")";
        }
    }

    /**
     * What a list needs from an index to read just its page: the columns its filter pins to one value each (in any
     * order), then the columns it is sorted by, then the id, in the direction of the sort.
     */
    public record Shape(Set<String> pinned, List<String> sort, boolean descending) {
        public Shape {
            pinned = Set.copyOf(pinned);
            sort = List.copyOf(sort);
        }
    }

    /** Where names of the indexes built for shapes (shared list views) start: they are told apart from the metadata's. */
    public static final String SHAPE_INDEX_PREFIX = "ixv_";
    /**
     * Indexes a provider's {@link org.rapportcrm.platform.api.metadata.SchemaMigration} makes for a list its metadata
     * cannot declare (a filter column, then the sort columns, then the id: a queue's cases by SLA due time). Lists read
     * pages from them like from the shape indexes; unlike those they are never dropped for want of a shared view.
     */
    public static final String LIST_INDEX_PREFIX = "ixl_";

    private final List<Index> indexes;

    private TableIndexes(List<Index> indexes) {
        this.indexes = List.copyOf(indexes);
    }

    /** These indexes and {@code more} (built for shapes: see {@link #forShape}). */
    public TableIndexes with(List<Index> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Index> all = new ArrayList<>(indexes);
        more.stream().filter(i -> !all.contains(i)).forEach(all::add);
        return new TableIndexes(all);
    }

    /**
     * The index that serves {@code shape}: the pinned columns (in name order, so equal shapes get the same index), the
     * sort columns and the id; on a database that reads indexes only forwards, descending where the shape is. Its name
     * is the table's and a digest of its columns, so the same shape has the same name on every node.
     */
    public static Index forShape(String table, Shape shape, Dialect dialect) {
        List<String> columns = new ArrayList<>(new TreeSet<>(shape.pinned()));
        columns.addAll(shape.sort());
        columns.add("id");
        boolean descending = shape.descending() && !dialect.scansIndexesBackward();
        String digest = digest(String.join(",", columns) + (descending ? " desc" : ""));
        String name = SHAPE_INDEX_PREFIX + table.substring(0, Math.min(table.length(), 40)) + "_" + digest;
        return new Index(name, columns, descending);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TableIndexes of(RecordType type, Dialect dialect) {
        String table = Names.table(type.getApiName());
        List<Index> indexes = new ArrayList<>();
        boolean twins = !dialect.scansIndexesBackward();
        indexes.add(new Index("ix_" + table + "_owner", List.of("owner_id", "id"), false));
        ordered(indexes, "ix_" + table + "_updated", List.of("updated_at"), twins);
        ordered(indexes, "ix_" + table + "_created", List.of("created_at"), twins);
        FieldDefinition name = type.field(type.getNameField()).orElseThrow();
        if (name.getType().isComparable() && !FieldColumns.hasLowerColumn(name)) {
            // A searchable name is ordered by its lower-cased column, whose index already serves that.
            ordered(indexes, "ix_" + table + "_name", List.of(Names.column(name.getApiName())), twins);
        }
        for (FieldDefinition f : type.getFields()) {
            String column = Names.column(f.getApiName());
            if (f.getType() == FieldType.REFERENCE || f.getType() == FieldType.OWNER) {
                indexes.add(new Index("ix_" + table + "_" + column, List.of(column, "id"), false));
            }
            if (FieldColumns.hasLowerColumn(f)) {
                String lower = Names.lowerColumn(f.getApiName());
                if (f.isIndexed() || f.getApiName().equals(type.getNameField())) {
                    ordered(indexes, lowerIndexName(table, f), List.of(lower), twins);
                } else if (f.getType() == FieldType.EMAIL) {
                    // Addresses are looked up (mail to case, matching, dedup), seldom sorted by.
                    ordered(indexes, lowerIndexName(table, f), List.of(lower), false);
                }
            }
            if (f.isIndexed() && !column.equals(nameOrder(type))) {
                // Continues in name order: "country eq 'DE'" in name order walks it from the first German to the end
                // of the page however many Germans there are, and a list sorted by country reads it as it stands.
                ordered(indexes, "ix_" + table + "_" + column + "_n", List.of(column, nameOrder(type)), twins);
            }
        }
        return new TableIndexes(indexes);
    }

    private static String lowerIndexName(String table, FieldDefinition f) {
        return "ix_" + table + "_" + Names.lowerColumn(f.getApiName());
    }

    /**
     * Names of indexes earlier versions made over the lower-cased copy of every searchable text field (both ways on
     * Derby) and this one makes only where {@link #of} says: an existing table drops those it has.
     */
    public static Set<String> retiredNames(RecordType type, Dialect dialect) {
        String table = Names.table(type.getApiName());
        Set<String> current = new TreeSet<>();
        of(type, dialect).all().forEach(i -> current.add(i.name()));
        Set<String> retired = new TreeSet<>();
        type.getFields().stream().filter(FieldColumns::hasLowerColumn).map(f -> lowerIndexName(table, f))
                .forEach(name -> List.of(name, name + "_d").stream().filter(n -> !current.contains(n)).forEach(retired::add));
        return retired;
    }

    /**
     * The indexes that hold the field's column or its lower-cased copy, with the field made searchable and indexed
     * as given: what switching it so needs (with both false, those of it that a custom field has anyway, if any).
     */
    public static List<Index> ofField(RecordType type, FieldDefinition f, boolean searchable, boolean indexed, Dialect dialect) {
        FieldDefinition switched = f.toBuilder().searchable(searchable).indexed(indexed).searchState(null).indexState(null).build();
        List<FieldDefinition> fields = type.getFields().stream().map(g -> g.getApiName().equals(f.getApiName()) ? switched : g).toList();
        RecordType variant = new RecordType(type.getApiName(), type.getPluralApiName(), type.getLabel(), type.getPluralLabel(),
                type.getNameField(), fields);
        Set<String> ofField = Set.of(Names.column(f.getApiName()), Names.lowerColumn(f.getApiName()));
        return of(variant, dialect).all().stream().filter(i -> i.columns().stream().anyMatch(ofField::contains)).toList();
    }

    private static void ordered(List<Index> indexes, String name, List<String> key, boolean descendingTwin) {
        List<String> columns = new ArrayList<>(key);
        columns.add("id");
        indexes.add(new Index(name, columns, false));
        if (descendingTwin) {
            indexes.add(new Index(name + "_d", columns, true));
        }
    }

    /** The column a list in the type's name order is sorted by. */
    public static String nameOrder(RecordType type) {
        FieldDefinition name = type.field(type.getNameField()).orElseThrow();
        return FieldColumns.hasLowerColumn(name) ? Names.lowerColumn(name.getApiName()) : Names.column(name.getApiName());
    }

    /**
     * The columns a list sorted by {@code f} is ordered by, before the id: searchable text by its lower-cased column
     * (case-insensitive, as people expect), an indexed field by itself and then the name (as its index is), any other
     * field by its column.
     */
    public static List<String> sortColumns(RecordType type, FieldDefinition f) {
        if (FieldColumns.hasLowerColumn(f)) {
            return List.of(Names.lowerColumn(f.getApiName()));
        }
        String column = Names.column(f.getApiName());
        String name = nameOrder(type);
        return f.isIndexed() && !column.equals(name) ? List.of(column, name) : List.of(column);
    }

    public List<Index> all() {
        return indexes;
    }

    /**
     * The index that holds the rows in the order {@code key} (then id) in the given direction, so a page is read from it
     * without a sort; empty if the database would have to sort. An index that starts with columns the filter pins to one
     * value each ({@code country eq 'DE'}) holds the rows of that value in the order of its remaining columns.
     */
    public Optional<Index> serving(List<String> key, boolean descending, Dialect dialect, Set<String> pinned) {
        List<String> ordered = new ArrayList<>(key);
        ordered.add("id");
        return indexes.stream()
                .filter(i -> i.descending() == descending || dialect.scansIndexesBackward())
                .filter(i -> i.columns().size() >= ordered.size()
                        && i.columns().subList(i.columns().size() - ordered.size(), i.columns().size()).equals(ordered)
                        && pinned.containsAll(i.columns().subList(0, i.columns().size() - ordered.size())))
                .max(Comparator.comparingInt(i -> i.columns().size()));
    }

    /**
     * The index that serves {@code shape} exactly: it starts with every pinned column (so its entries are the matching
     * rows) and holds them in the shape's order. An index on fewer of them would read past rows the filter drops.
     */
    public Optional<Index> serving(Shape shape, Dialect dialect) {
        return serving(shape.sort(), shape.descending(), dialect, shape.pinned())
                .filter(i -> i.columns().size() == shape.pinned().size() + shape.sort().size() + 1
                        && Set.copyOf(i.columns().subList(0, shape.pinned().size())).equals(shape.pinned()));
    }

    /** Whether the database reads the rows in the order {@code key} (then id) from an index, in that direction. */
    public boolean serves(List<String> key, boolean descending, Dialect dialect) {
        // The primary key holds the id order.
        return key.isEmpty() ? !descending || dialect.scansIndexesBackward() : serving(key, descending, dialect, Set.of()).isPresent();
    }

    /** Columns an index starts with: an equality on one finds its rows without reading the table. */
    public Set<String> leadingColumns() {
        Set<String> leading = new LinkedHashSet<>(List.of("id"));
        indexes.forEach(i -> leading.add(i.columns().get(0)));
        return leading;
    }
}
