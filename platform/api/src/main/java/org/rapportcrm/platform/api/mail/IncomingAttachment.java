package org.rapportcrm.platform.api.mail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A file attached to an incoming message, held in memory (messages are limited in size by the mailbox's settings):
 * store it with the record a handler makes, through the platform's {@code FileService}.
 *
 * @param name the file name the sender gave (decoded), or a generated one
 * @param mediaType as the sender declared it; the file store detects the real one
 * @param inline whether the sender meant it to be shown inside the HTML body (an embedded image)
 */
public record IncomingAttachment(String name, String mediaType, boolean inline, byte[] content) {
    public IncomingAttachment {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public long size() {
        return content.length;
    }

    public InputStream open() {
        return new ByteArrayInputStream(content);
    }
}
