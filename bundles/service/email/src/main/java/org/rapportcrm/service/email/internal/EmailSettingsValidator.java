package org.rapportcrm.service.email.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;

/**
 * Service mailboxes and reply macros must be usable when saved: a mailbox's name is one a mailbox configuration can
 * have, and the e-mail templates they name are written for cases (422 naming the field).
 */
@Component(service = RecordValidator.class)
public class EmailSettingsValidator implements RecordValidator {
    /** As the platform's mailbox configurations allow ({@code org.rapportcrm.mail.inbox}, property name). */
    private static final Pattern MAILBOX_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private final RecordService records;

    @Activate
    public EmailSettingsValidator(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(EmailTypes.MAILBOX, EmailTypes.MACRO);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        List<FieldError> errors = new ArrayList<>();
        if (EmailTypes.MAILBOX.equals(type.getApiName())) {
            Object name = after.get("name");
            if (name != null && !MAILBOX_NAME.matcher(name.toString()).matches()) {
                errors.add(new FieldError("name", "invalid", "the name of a mailbox configuration (etc/org.rapportcrm.mail.inbox-<name>.cfg): "
                        + "letters, digits, '.', '_' and '-'"));
            }
            checkTemplate(errors, "acknowledgementTemplate", (String) after.get("acknowledgementTemplate"));
        } else {
            checkTemplate(errors, "template", (String) after.get("template"));
        }
        return errors;
    }

    private void checkTemplate(List<FieldError> errors, String field, String templateId) {
        if (templateId == null) {
            return;
        }
        try {
            Object writtenFor = records.get(Actor.system(), EmailTypes.EMAIL_TEMPLATE, templateId).get("recordType");
            if (writtenFor != null && !writtenFor.toString().isBlank() && !Cases.TYPE.equals(writtenFor)) {
                errors.add(new FieldError(field, "invalid", "the template is written for " + writtenFor + " records, not cases"));
            }
        } catch (RecordNotFoundException e) {
            // the reference check names it
        }
    }
}
