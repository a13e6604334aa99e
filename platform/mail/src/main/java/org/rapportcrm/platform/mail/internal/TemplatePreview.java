package org.rapportcrm.platform.mail.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code POST /api/v1/emailTemplates/{id}/preview} with {@code {"record": id}}: the template filled for a record the
 * caller may read, as the caller would send it; nothing is sent.
 */
@Component
public class TemplatePreview implements RecordAction {
    private final MailServiceImpl mail;
    private final RecordService records;

    @Activate
    public TemplatePreview(@Reference MailServiceImpl mail, @Reference RecordService records) {
        this.mail = mail;
        this.records = records;
    }

    @Override
    public String recordType() {
        return MailTypes.TEMPLATE;
    }

    @Override
    public String name() {
        return "preview";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Fill an e-mail template for a record, without sending anything")
                .requestBody(JsonSchema.object()
                        .property("record", JsonSchema.string().pattern(FieldFormats.ID).description("id of the record to fill it for"))
                        .property("recordType", JsonSchema.string().maxLength(64).pattern("^[A-Za-z][A-Za-z0-9]*$").nullable()
                                .description("the record's type; needed only for a template written for any type"))
                        .required("record"))
                .response(200, "The filled subject and bodies", JsonSchema.object()
                        .property("subject", JsonSchema.string())
                        .property("html", JsonSchema.string().nullable())
                        .property("text", JsonSchema.string().nullable())
                        .required("subject", "html", "text"))
                .problem(422, "The template cannot be filled for this record (the field names the part)")
                .handler(this::preview));
    }

    private void preview(RestExchange ex) throws IOException {
        Record template = records.get(ex.actor(), MailTypes.TEMPLATE, ex.pathParameter("id"));
        Object writtenFor = template.get("recordType");
        Object asked = ex.body().get("recordType");
        String type = writtenFor != null && !writtenFor.toString().isBlank() ? writtenFor.toString() : asked == null ? null : asked.toString();
        if (type == null) {
            throw RestException.badRequest("recordType", "the template is written for any type: name the record's type");
        }
        Record record = records.get(ex.actor(), type, ex.body().get("record").toString());
        RenderedMail rendered;
        try {
            rendered = mail.render(template, record, ex.actor());
        } catch (InvalidMailException e) {
            throw new RestException(422, e.field(), e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", rendered.subject());
        body.put("html", rendered.html());
        body.put("text", rendered.text());
        ex.send(200, body);
    }
}
