package org.rapportcrm.platform.mail.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code GET /api/v1/mail/messages?recordType=contact&record={id}}: the messages about a record its reader may see. */
@Component
public class MailResource implements RestResource {
    static final JsonSchema MESSAGE = JsonSchema.object()
            .property("messageId", JsonSchema.string())
            .property("status", JsonSchema.string().enumValues("QUEUED", "SENT", "FAILED"))
            .property("attempts", JsonSchema.integer())
            .property("lastReply", JsonSchema.string().nullable().description("the mail server's last answer, or why it could not be reached"))
            .property("queuedAt", JsonSchema.string().format("date-time"))
            .property("sentAt", JsonSchema.string().format("date-time").nullable())
            .property("subject", JsonSchema.string().nullable())
            .property("to", JsonSchema.array(JsonSchema.string()).description("To and Cc"))
            .property("relatedType", JsonSchema.string())
            .property("relatedId", JsonSchema.string())
            .required("messageId", "status", "attempts", "queuedAt", "to");

    private final MailService mail;

    @Activate
    public MailResource(@Reference MailService mail) {
        this.mail = mail;
    }

    @Override
    public String path() {
        return "mail";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("messages").summary("The e-mails sent about a record, newest first (at most 200)")
                .description("Answers 404 unless the caller may read the record.")
                .queryParameter("recordType", JsonSchema.string().maxLength(64).pattern("^[A-Za-z][A-Za-z0-9]*$"), true, "the record's type (api name)")
                .queryParameter("record", JsonSchema.string().pattern(FieldFormats.ID), true, "the record's id")
                .response(200, "The messages", JsonSchema.object().property("items", JsonSchema.array(MESSAGE)).required("items"))
                .handler(this::messages));
    }

    private void messages(RestExchange ex) throws IOException {
        List<Map<String, Object>> items = mail.messagesAbout(ex.actor(), ex.query("recordType"), ex.query("record")).stream()
                .map(MailResource::json).toList();
        ex.send(200, Map.of("items", items));
    }

    static Map<String, Object> json(MailStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageId", s.messageId());
        m.put("status", s.state().name());
        m.put("attempts", s.attempts());
        m.put("lastReply", s.lastReply());
        m.put("queuedAt", s.queuedAt() == null ? null : s.queuedAt().toString());
        m.put("sentAt", s.sentAt() == null ? null : s.sentAt().toString());
        m.put("subject", s.subject());
        m.put("to", s.to());
        m.put("relatedType", s.relatedType());
        m.put("relatedId", s.relatedId());
        return m;
    }
}
