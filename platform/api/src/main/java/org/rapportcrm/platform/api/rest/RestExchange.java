package org.rapportcrm.platform.api.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/** One request to a {@link RestResource}, and its response. Bodies are JSON. */
@ProviderType
public interface RestExchange {
    String method();

    /** The path after {@code /api/v1/<path>/}, split at slashes; empty for the resource's root. */
    List<String> pathSegments();

    /** A query parameter, or null; an empty value counts as absent. */
    String query(String name);

    /** A parameter of the route's path pattern, such as {@code id} in {@code items/{id}}, URL-decoded. */
    String pathParameter(String name);

    /** A request header, or null. */
    String header(String name);

    /** The request body as a JSON object (400 if malformed, 413 if too large, 415 if not JSON). */
    Map<String, Object> body();

    /**
     * The request body as sent, for a route that declares a body of another media type than JSON (an iCalendar file,
     * say): at most {@code maxBytes}, answered with 413 beyond. Read it once.
     *
     * @since 1.2
     */
    default java.io.InputStream bodyStream(long maxBytes) throws IOException {
        throw new RestException(415, null, "This endpoint reads no body of this kind");
    }

    /** The signed-in caller. */
    Actor actor();

    /** Sends {@code body} as JSON: maps, lists, strings, numbers, booleans, records and the API's value types. */
    void send(int status, Object body) throws IOException;

    void setHeader(String name, String value);

    /** Answers 204 No Content. */
    void noContent();

    /** Sends a download, such as a PDF, as an attachment named {@code fileName}. */
    void sendFile(int status, String contentType, String fileName, byte[] content) throws IOException;
}
