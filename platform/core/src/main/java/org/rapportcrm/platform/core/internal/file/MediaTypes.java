package org.rapportcrm.platform.core.internal.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MimeTypes;

/** What a file is, judged from its first bytes and its name (never from what the client claims), and whether it is welcome. */
final class MediaTypes {
    /** How much of the start of a file the detection reads. */
    static final int HEAD_BYTES = 64 * 1024;
    private final MimeTypes types = MimeTypes.getDefaultMimeTypes(MimeTypes.class.getClassLoader());
    private volatile List<String> refused = List.of();
    private volatile List<String> allowed = List.of();

    void configure(FilesConfig config) {
        refused = normalise(config.refusedMediaTypes());
        allowed = normalise(config.allowedMediaTypes());
    }

    private static List<String> normalise(String[] types) {
        return types == null ? List.of() : java.util.Arrays.stream(types).map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
    }

    /** The base media type (without parameters) of content starting with {@code head}, named {@code name}. */
    String detect(byte[] head, int length, String name) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try {
            return types.detect(new ByteArrayInputStream(head, 0, length), metadata).getBaseType().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail
        }
    }

    /** Why a file of this type is refused, or null if it is accepted. */
    String refusal(String mediaType) {
        if (refused.stream().anyMatch(pattern -> matches(pattern, mediaType))) {
            return "Files of type " + mediaType + " are not accepted";
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(pattern -> matches(pattern, mediaType))) {
            return "Files of type " + mediaType + " are not accepted; accepted are " + String.join(", ", allowed);
        }
        return null;
    }

    private static boolean matches(String pattern, String mediaType) {
        return pattern.endsWith("/*") ? mediaType.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(mediaType);
    }
}
