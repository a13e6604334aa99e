package org.rapportcrm.platform.api.rest;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: an operation on one record beyond create, read, update and delete, served at
 * {@code /api/v1/<plural>/{id}/<name>} next to the generic record endpoints (a lead's {@code convert}, a quote's
 * {@code pdf}). Authentication and the mapping of exceptions to problem details are the same as for a
 * {@link RestResource}; the action checks the method itself and reads the record as the caller, so record access
 * rules apply.
 *
 * <pre>
 * &#64;Component
 * public class ConvertLead implements RecordAction {
 *     public String recordType() { return "lead"; }
 *     public String name() { return "convert"; }
 *     public void handle(RestExchange ex, String leadId) throws IOException {
 *         ex.send(200, conversions.convert(ex.actor(), leadId, ex.body()));
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RecordAction {
    /** The api name of the record type the action belongs to. */
    String recordType();

    /** The last path segment (letters, digits and dashes); must differ from {@code history}. */
    String name();

    /** {@link RestExchange#pathSegments()} is empty; {@code recordId} is the id from the path. */
    void handle(RestExchange exchange, String recordId) throws IOException;
}
