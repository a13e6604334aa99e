package org.rapportcrm.platform.files.internal.text;

import java.util.Locale;
import java.util.Set;

/**
 * The media types whose text is read, as Apache Tika's detector (the one the platform detects uploads with) names them:
 * with the file's name it gives the specific type ({@code ...wordprocessingml.document}); from the bytes alone an
 * OOXML or an old binary Office file may come out as Tika's container type ({@code application/x-tika-ooxml},
 * {@code application/x-tika-msoffice}), which the same parsers read.
 */
final class MediaTypes {
    static final Set<String> PDF = Set.of("application/pdf");
    static final Set<String> OOXML = Set.of(
            "application/x-tika-ooxml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
            "application/vnd.ms-word.document.macroenabled.12",
            "application/vnd.ms-word.template.macroenabled.12",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
            "application/vnd.ms-excel.sheet.macroenabled.12",
            "application/vnd.ms-excel.template.macroenabled.12",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.openxmlformats-officedocument.presentationml.template",
            "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
            "application/vnd.ms-powerpoint.presentation.macroenabled.12",
            "application/vnd.ms-powerpoint.slideshow.macroenabled.12");
    static final Set<String> OLE2 = Set.of(
            "application/x-tika-msoffice",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint");
    static final Set<String> OPEN_DOCUMENT = Set.of(
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.text-template",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.spreadsheet-template",
            "application/vnd.oasis.opendocument.presentation",
            "application/vnd.oasis.opendocument.presentation-template");
    static final Set<String> RTF = Set.of("application/rtf", "text/rtf");
    static final Set<String> HTML = Set.of("text/html", "application/xhtml+xml");
    static final Set<String> PLAIN_TEXT = Set.of(
            "text/plain",
            "text/csv",
            "text/tab-separated-values",
            "text/markdown",
            "text/x-web-markdown");

    private MediaTypes() {
    }

    /** The type without its parameters ({@code charset}), lower case. */
    static String baseOf(String mediaType) {
        int parameters = mediaType.indexOf(';');
        return (parameters < 0 ? mediaType : mediaType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }
}
