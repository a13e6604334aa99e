package org.rapportcrm.sales.internal.quote;

import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;

/** The 405 of a record action called with the wrong method, with the Allow header HTTP asks for. */
final class MethodNotAllowed {
    static final int STATUS = 405;

    private MethodNotAllowed() {
    }

    static RestException only(String method, RestExchange exchange) {
        exchange.setHeader("Allow", method);
        return new RestException(STATUS, null, exchange.method() + " is not supported here; use " + method);
    }
}
