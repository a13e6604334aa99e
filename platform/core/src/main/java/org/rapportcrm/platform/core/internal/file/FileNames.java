package org.rapportcrm.platform.core.internal.file;

import java.util.regex.Pattern;

/** File names as the platform keeps them: no path, no control or direction-changing characters, at most 255 characters. */
final class FileNames {
    static final int MAX_LENGTH = 255;
    /** Control characters, and format characters such as U+202E that make {@code exe.pdf} look like a PDF. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}]");

    private FileNames() {
    }

    static String clean(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = INVISIBLE.matcher(base).replaceAll("").strip();
        // "." and ".." are no names; a name of dots only would be a path trick on some systems.
        if (base.chars().allMatch(ch -> ch == '.')) {
            base = "";
        }
        if (base.codePointCount(0, base.length()) > MAX_LENGTH) {
            int dot = base.lastIndexOf('.');
            String extension = dot > 0 && base.length() - dot <= 16 ? base.substring(dot) : "";
            base = base.substring(0, base.offsetByCodePoints(0, MAX_LENGTH - extension.length())) + extension;
        }
        return base.isEmpty() ? "file" : base;
    }
}
