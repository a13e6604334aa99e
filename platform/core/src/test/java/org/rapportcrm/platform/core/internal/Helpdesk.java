package org.rapportcrm.platform.core.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * A small test capability with every kind of type the platform's permissions distinguish: tickets (data) about an
 * account, their comments (a child type: the ticket is their parent, and so their master), queues (settings) and the
 * ticket log (kept by the system); and help articles with their versions, which belong to no account and are shared
 * with every portal user once published for the portal.
 */
final class Helpdesk implements RecordTypeProvider {
    static final RecordType QUEUE = new RecordType("queue", "queues", "Queue", "Queues", "name",
            List.of(builder("name", FieldType.TEXT).required(true).build())).withKind(RecordType.Kind.CONFIGURATION);
    static final RecordType TICKET = new RecordType("ticket", "tickets", "Ticket", "Tickets", "subject", List.of(
            builder("subject", FieldType.TEXT).required(true).searchable(true).build(),
            builder("account", FieldType.REFERENCE).referenceTo("account").build(),
            builder("contact", FieldType.REFERENCE).referenceTo("contact").build(),
            builder("commentCount", FieldType.INTEGER).defaultValue(0).build()));
    static final RecordType COMMENT = new RecordType("ticketComment", "ticketComments", "Comment", "Comments", "text", List.of(
            builder("ticket", FieldType.REFERENCE).referenceTo("ticket").required(true).build(),
            builder("text", FieldType.TEXT).required(true).build())).childOf("ticket");
    static final RecordType TICKET_LOG = new RecordType("ticketLog", "ticketLogs", "Ticket log entry", "Ticket log", "message",
            List.of(builder("message", FieldType.TEXT).required(true).build())).withKind(RecordType.Kind.SYSTEM);

    static final RecordType ARTICLE = new RecordType("article", "articles", "Article", "Articles", "title", List.of(
            builder("title", FieldType.TEXT).required(true).searchable(true).build(),
            builder("status", FieldType.PICKLIST).picklistValues(List.of("Draft", "Published")).defaultValue("Draft").build(),
            builder("visibility", FieldType.PICKLIST).picklistValues(List.of("Internal", "Portal")).defaultValue("Internal").build()));
    static final RecordType ARTICLE_VERSION = new RecordType("articleVersion", "articleVersions", "Article version", "Article versions",
            "title", List.of(
            builder("article", FieldType.REFERENCE).referenceTo("article").required(true).build(),
            builder("title", FieldType.TEXT).required(true).build(),
            builder("status", FieldType.PICKLIST).picklistValues(List.of("Draft", "Published")).defaultValue("Draft").build()))
            .childOf("article");

    @Override
    public List<RecordType> recordTypes() {
        return List.of(QUEUE, TICKET, COMMENT, TICKET_LOG, ARTICLE, ARTICLE_VERSION);
    }
}
