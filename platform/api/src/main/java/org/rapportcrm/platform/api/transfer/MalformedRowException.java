package org.rapportcrm.platform.api.transfer;

import java.io.IOException;

/** One row of the input cannot be read (bad quoting, not a JSON object...); the rows after it still can. */
public class MalformedRowException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedRowException(String message) {
        super(message);
    }
}
