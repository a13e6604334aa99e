package org.rapportcrm.platform.mail.internal;

import jakarta.activation.CommandInfo;
import jakarta.activation.CommandMap;
import jakarta.activation.DataContentHandler;
import java.util.Locale;
import org.eclipse.angus.mail.dsn.message_deliverystatus;
import org.eclipse.angus.mail.dsn.message_dispositionnotification;
import org.eclipse.angus.mail.dsn.multipart_report;
import org.eclipse.angus.mail.dsn.text_rfc822headers;
import org.eclipse.angus.mail.handlers.message_rfc822;
import org.eclipse.angus.mail.handlers.multipart_mixed;
import org.eclipse.angus.mail.handlers.text_html;
import org.eclipse.angus.mail.handlers.text_plain;
import org.eclipse.angus.mail.handlers.text_xml;

/**
 * The content handlers of Angus Mail and its DSN package, made directly. Jakarta Activation's own command map reads
 * them from {@code META-INF/mailcap} through the thread's context class loader, which in Karaf sees neither bundle:
 * multiparts then cannot be written ("no object DCH for MIME type multipart/mixed"), text comes back as a stream and
 * a bounce is not a {@code MultipartReport} (spikes/mail.md).
 */
final class MailCommandMap extends CommandMap {
    private static final CommandInfo[] NONE = new CommandInfo[0];

    @Override
    public DataContentHandler createDataContentHandler(String mimeType) {
        String type = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        if (parameters >= 0) {
            type = type.substring(0, parameters);
        }
        type = type.trim();
        return switch (type) {
            case "text/plain" -> new text_plain();
            case "text/html" -> new text_html();
            case "text/xml", "application/xml" -> new text_xml();
            case "message/rfc822" -> new message_rfc822();
            case "multipart/report" -> new multipart_report();
            case "message/delivery-status" -> new message_deliverystatus();
            case "message/disposition-notification" -> new message_dispositionnotification();
            case "text/rfc822-headers" -> new text_rfc822headers();
            default -> type.startsWith("multipart/") ? new multipart_mixed() : null;
        };
    }

    @Override
    public CommandInfo[] getPreferredCommands(String mimeType) {
        return NONE;
    }

    @Override
    public CommandInfo[] getAllCommands(String mimeType) {
        return NONE;
    }

    @Override
    public CommandInfo getCommand(String mimeType, String cmdName) {
        return null;
    }

    @Override
    public String[] getMimeTypes() {
        return new String[] {"text/plain", "text/html", "text/xml", "message/rfc822", "multipart/*", "multipart/report",
            "message/delivery-status", "message/disposition-notification", "text/rfc822-headers"};
    }
}
