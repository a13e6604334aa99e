package org.rapportcrm.platform.api.record;

import java.util.List;

/** One page of a query; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
}
