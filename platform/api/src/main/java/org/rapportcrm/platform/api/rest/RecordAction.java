package org.rapportcrm.platform.api.rest;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: an operation on one record beyond create, read, update and delete, served at
 * {@code /api/v1/<plural>/{id}/<name>} next to the generic record endpoints (a lead's {@code convert}, a quote's
 * {@code pdf}). Routing, authentication, checks of the declared schemas, documentation and the mapping of exceptions
 * to problem details are the same as for a {@link RestResource}; the action reads the record as the caller, so record
 * access rules apply.
 *
 * <pre>
 * &#64;Component
 * public class ConvertLead implements RecordAction {
 *     public String recordType() { return "lead"; }
 *     public String name() { return "convert"; }
 *     public List&lt;RestRoute&gt; routes() {
 *         return List.of(RestRoute.post("").summary("Convert a lead")
 *                 .requestBody(JsonSchema.object().property("createOpportunity", JsonSchema.bool()))
 *                 .response(200, "The records made from the lead", RESULT)
 *                 .handler(ex -&gt; ex.send(200, conversions.convert(ex.actor(), ex.pathParameter("id"), ex.body()))));
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RecordAction {
    /**
     * The {@link #recordType()} of an action served on the records of every type, present and future (a record's
     * activity feed): a type's own action of the same name takes precedence. @since 1.2
     */
    String EVERY_TYPE = "*";

    /**
     * The path parameter that tells an action's handler the api name of the record's type
     * ({@code exchange.pathParameter(RECORD_TYPE_PARAMETER)}), for an action of {@link #EVERY_TYPE}. @since 1.2
     */
    String RECORD_TYPE_PARAMETER = "recordType";

    /** The api name of the record type the action belongs to, or {@link #EVERY_TYPE}. */
    String recordType();

    /** The last path segment (letters, digits and dashes); must differ from {@code history}. */
    String name();

    /**
     * The operations of the action, mounted at {@code /api/v1/<plural>/{id}/<name>}: patterns are relative to it
     * (usually the empty pattern), and the record id is the path parameter {@code id}, which the platform declares.
     */
    default List<RestRoute> routes() {
        return List.of();
    }

    /**
     * Serves a request when the action declares no routes; {@link RestExchange#pathSegments()} is empty and
     * {@code recordId} is the id from the path.
     *
     * @deprecated declare {@link #routes()} instead
     */
    @Deprecated
    default void handle(RestExchange exchange, String recordId) throws IOException {
        throw RestException.notFound("No " + name() + " action here");
    }
}
