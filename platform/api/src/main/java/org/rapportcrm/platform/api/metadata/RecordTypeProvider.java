package org.rapportcrm.platform.api.metadata;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a bundle registers a provider to contribute record types. The platform creates or extends each
 * type's table when the provider appears (adding missing columns, never dropping any) and withdraws the types when
 * it goes; the data stays.
 *
 * <pre>
 * &#64;Component
 * public class LoyaltyTypes implements RecordTypeProvider {
 *     public List&lt;RecordType&gt; recordTypes() {
 *         return List.of(new RecordType("pointsEntry", "pointsEntries", "Points entry", "Points entries", "reason",
 *             List.of(FieldDefinition.builder("reason", FieldType.TEXT).required(true).build())));
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RecordTypeProvider {
    List<RecordType> recordTypes();

    /**
     * Data changes that go with new versions of these types, applied after the platform has extended their tables;
     * recorded under the provider's class name, so an upgraded bundle runs only the ones it has not run before.
     */
    default List<SchemaMigration> migrations() {
        return List.of();
    }

    /**
     * Fields this provider adds to types that others contribute, by type api name: a sales capability gives
     * activities a {@code lead} reference, for example. They join the type (and its table) while both are present,
     * and leave it, keeping the column and its data, when this provider goes.
     */
    default Map<String, List<FieldDefinition>> fieldExtensions() {
        return Map.of();
    }
}
