package org.rapportcrm.platform.api.rest;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** Serves one {@link RestRoute}: reads the request from the exchange and sends the response. */
@FunctionalInterface
@ConsumerType
public interface RestHandler {
    void handle(RestExchange exchange) throws IOException;
}
