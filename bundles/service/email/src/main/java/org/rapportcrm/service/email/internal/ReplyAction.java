package org.rapportcrm.service.email.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;

/**
 * {@code POST /api/v1/cases/{id}/reply}: an agent answers the customer by e-mail ({@link CaseReplies});
 * {@code GET /api/v1/cases/{id}/reply/draft?macro=<id>}: a reply macro filled for the case.
 */
@Component
public class ReplyAction implements RecordAction {
    private final CaseReplies replies;

    @Activate
    public ReplyAction(@Reference CaseReplies replies) {
        this.replies = replies;
    }

    @Override
    public String recordType() {
        return Cases.TYPE;
    }

    @Override
    public String name() {
        return "reply";
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<RestRoute> routes() {
        JsonSchema id = JsonSchema.string().pattern(FieldFormats.ID);
        return List.of(
                RestRoute.post("").summary("Reply to the customer by e-mail")
                        .description("Sends the reply to the case's contact from the case's service mailbox, threaded with the "
                                + "customer's messages and with the case token in the subject; records the response (the first "
                                + "response time) and the optional status; the reply joins the case's e-mail thread.")
                        .requestBody(JsonSchema.object()
                                .property("text", JsonSchema.string().maxLength(32000).description("the reply as plain text"))
                                .property("html", JsonSchema.string().maxLength(32000).nullable().description("the reply as HTML, optional"))
                                .property("cc", JsonSchema.array(JsonSchema.string().maxLength(320)).maxItems(20))
                                .property("attachments", JsonSchema.array(id).maxItems(20).description("ids of files stored with the case"))
                                .property("status", JsonSchema.string().enumValues(Cases.STATUSES).nullable()
                                        .description("the case's status after the reply, e.g. Waiting on customer"))
                                .required("text"))
                        .response(201, "The reply as kept in the case's thread", JsonSchema.record(CaseMessages.TYPE))
                        .problem(404, "No such case, or the caller may not read it")
                        .problem(422, "No text, an address, status or file that is not one, or a contact without e-mail")
                        .handler(ex -> {
                            Map<String, Object> body = ex.body();
                            ex.send(201, replies.reply(ex.actor(), ex.pathParameter("id"), new CaseReplies.Reply((String) body.get("text"),
                                    (String) body.get("html"), (List<String>) body.get("cc"), (List<String>) body.get("attachments"),
                                    (String) body.get("status"))));
                        }),
                RestRoute.get("draft").summary("A reply macro filled for the case")
                        .queryParameter("macro", id, true, "the reply macro's id")
                        .response(200, "The text to insert and the status the macro suggests", JsonSchema.object()
                                .property("text", JsonSchema.string().nullable()).property("html", JsonSchema.string().nullable())
                                .property("status", JsonSchema.string().nullable()))
                        .handler(ex -> ex.send(200, replies.draft(ex.actor(), ex.pathParameter("id"), ex.query("macro")))));
    }
}
