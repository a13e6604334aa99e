package org.rapportcrm.collaboration.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.Record;

/** Workflow rules post a message of the system on the record's feed: {@code collaboration.post}; followers are told. */
@Component(service = AutomationAction.class)
public class PostAction implements AutomationAction {
    private final FeedService feeds;

    @Activate
    public PostAction(@Reference FeedService feeds) {
        this.feeds = feeds;
    }

    @Override
    public String id() {
        return "collaboration.post";
    }

    @Override
    public String label() {
        return "Post on the record's feed";
    }

    @Override
    public List<FieldDefinition> parameters() {
        return List.of(FieldDefinition.builder("message", FieldType.LONG_TEXT).label("Message ({{field}}, {{previous.field}})")
                .required(true).build());
    }

    @Override
    public String describe(AutomationContext context) {
        return "Post \"" + message(context) + "\" on the feed";
    }

    @Override
    public void execute(AutomationContext context) {
        Record record = context.trigger().record();
        feeds.systemPost(record, message(context), context.ruleName() == null ? "Workflow rule" : context.ruleName());
    }

    private static String message(AutomationContext context) {
        String text = MessageTemplate.render((String) context.parameters().get("message"), context.trigger().record().asMap(),
                context.previousValues());
        return text.length() <= FeedService.MAX_TEXT ? text : text.substring(0, FeedService.MAX_TEXT - 1) + "…";
    }
}
