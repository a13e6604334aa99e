package org.rapportcrm.platform.api.rest;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a bundle registers a resource to serve {@code /api/v1/<path>/...}. The platform authenticates the
 * caller first (so {@link RestExchange#actor()} is always a signed-in user), maps the record exceptions
 * ({@code ValidationException} 422, {@code RecordNotFoundException} 404, {@code AccessDeniedException} 403,
 * {@code StaleVersionException} 409, {@code InvalidQueryException} 400) and {@link RestException} to RFC 9457 problem
 * details, and drops the resource when its bundle goes, without disturbing other requests.
 *
 * <pre>
 * &#64;Component
 * public class BalanceResource implements RestResource {
 *     &#64;Reference RecordService records;
 *     public String path() { return "loyalty"; }
 *     public void handle(RestExchange ex) throws IOException {
 *         if (ex.method().equals("GET") &amp;&amp; ex.pathSegments().size() == 2 &amp;&amp; ex.pathSegments().get(0).equals("balances")) {
 *             ex.send(200, Map.of("contact", ex.pathSegments().get(1), "points", 120));
 *         } else {
 *             throw RestException.notFound("No such loyalty endpoint");
 *         }
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RestResource {
    /** The first path segment under {@code /api/v1} (letters, digits and dashes); must not clash with a record type's plural name. */
    String path();

    void handle(RestExchange exchange) throws IOException;
}
