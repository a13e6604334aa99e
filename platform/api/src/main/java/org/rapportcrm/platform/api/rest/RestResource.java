package org.rapportcrm.platform.api.rest;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a bundle registers a resource to serve {@code /api/v1/<path>/...}. It declares its
 * {@link #routes()}; the platform dispatches to them, authenticates the caller first (so
 * {@link RestExchange#actor()} is a signed-in user unless a route is public), checks parameters and JSON bodies
 * against their schemas, maps the record exceptions ({@code ValidationException} 422, {@code RecordNotFoundException}
 * 404, {@code AccessDeniedException} 403, {@code StaleVersionException} 412, {@code InvalidQueryException} 400) and
 * {@link RestException} to RFC 9457 problem details, documents every route in {@code /api/v1/openapi.json}, and drops
 * the resource when its bundle goes, without disturbing other requests.
 *
 * <pre>
 * &#64;Component
 * public class BalanceResource implements RestResource {
 *     &#64;Reference RecordService records;
 *     public String path() { return "loyalty"; }
 *     public List&lt;RestRoute&gt; routes() {
 *         return List.of(RestRoute.get("balances/{contactId}")
 *                 .summary("A contact's points")
 *                 .pathParameter("contactId", JsonSchema.string().maxLength(36), "id of the contact")
 *                 .response(200, "The balance", JsonSchema.object().property("points", JsonSchema.integer()))
 *                 .handler(ex -&gt; ex.send(200, Map.of("points", 120))));
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RestResource {
    /** The first path segment under {@code /api/v1} (letters, digits and dashes); must not clash with a record type's plural name. */
    String path();

    /**
     * The operations served under {@link #path()}; their patterns are relative to it. Declared routes are documented
     * and checked by the platform.
     */
    default List<RestRoute> routes() {
        return List.of();
    }

    /**
     * Serves a request no declared route matched; {@link RestExchange#pathSegments()} is the path after
     * {@link #path()}. Undocumented: kept for resources written before routes could be declared.
     *
     * @deprecated declare {@link #routes()} instead
     */
    @Deprecated
    default void handle(RestExchange exchange) throws IOException {
        throw RestException.notFound("No endpoint at /api/v1/" + path() + "/" + String.join("/", exchange.pathSegments()));
    }
}
