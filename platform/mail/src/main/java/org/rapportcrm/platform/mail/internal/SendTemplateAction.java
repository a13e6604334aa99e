package org.rapportcrm.platform.mail.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

/**
 * The rule action "send an e-mail from a template" about the record that fired the rule, to the address in one of
 * its fields, to its owner, or to a fixed address. A firing delivered twice (a node died mid-run) queues the message
 * twice.
 */
@Component
public class SendTemplateAction implements AutomationAction {
    static final String OWNER = "owner";
    private final MailService mail;
    private final UserService users;

    @Activate
    public SendTemplateAction(@Reference MailService mail, @Reference UserService users) {
        this.mail = mail;
        this.users = users;
    }

    @Override
    public String id() {
        return "mail.send-template";
    }

    @Override
    public String label() {
        return "Send an e-mail from a template";
    }

    @Override
    public List<FieldDefinition> parameters() {
        return List.of(
                builder("template", FieldType.TEXT).label("Template (name or id)").required(true).maxLength(200).build(),
                builder("recipient", FieldType.TEXT).label("Recipient: a field holding an e-mail address, 'owner', or an address")
                        .required(true).maxLength(254).build());
    }

    @Override
    public void execute(AutomationContext context) {
        Record record = context.trigger().record();
        mail.sendTemplate(template(context), record, context.actor(), List.of(recipient(record, recipientParameter(context))));
    }

    /** Fills the template as the run would and names the recipient; queues nothing. */
    @Override
    public String describe(AutomationContext context) {
        Record record = context.trigger().record();
        try {
            String recipient = recipient(record, recipientParameter(context));
            String subject = mail.render(template(context), record, context.actor()).subject();
            return "Send \"" + subject + "\" (template '" + template(context) + "') to " + recipient;
        } catch (InvalidMailException | org.rapportcrm.platform.api.record.RecordNotFoundException e) {
            return "Would not send the template '" + template(context) + "': " + e.getMessage();
        }
    }

    private static String template(AutomationContext context) {
        return String.valueOf(context.parameters().get("template"));
    }

    private static String recipientParameter(AutomationContext context) {
        return String.valueOf(context.parameters().get("recipient")).trim();
    }

    /** The address the parameter names for this record. */
    String recipient(Record record, String parameter) {
        if (parameter.contains("@")) {
            return parameter;
        }
        String address;
        if (OWNER.equals(parameter)) {
            address = record.getOwner() == null ? null : users.user(Actor.system(), record.getOwner()).map(User::email).orElse(null);
        } else {
            Object value = record.get(parameter);
            address = value == null ? null : value.toString();
        }
        if (address == null || !MailAddress.isValid(address)) {
            throw new InvalidMailException("recipient", record.getType() + " " + record.getId() + " has no e-mail address in '" + parameter + "'");
        }
        return address;
    }
}
