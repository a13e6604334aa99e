package org.rapportcrm.service.email.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;

/**
 * {@code POST /api/v1/cases/{id}/customerMessage}: a customer writes on their case in the portal, and the message joins
 * the case's e-mail thread as theirs, so customer and service team hold one conversation whichever way each of them
 * writes (the agent's e-mail reply shows in the portal, the customer's portal message in the agent's thread). It
 * counts as the customer's reply, as an answer by e-mail does.
 */
@Component
public class CustomerMessages implements RecordAction {
    private final RecordService records;
    private final RoleService roles;
    private final UserService users;
    private final CaseThread thread;
    private final Clock clock;

    @Activate
    public CustomerMessages(@Reference RecordService records, @Reference RoleService roles, @Reference UserService users,
            @Reference FileService files) {
        this(records, roles, users, files, Clock.systemUTC());
    }

    CustomerMessages(RecordService records, RoleService roles, UserService users, FileService files, Clock clock) {
        this.records = records;
        this.roles = roles;
        this.users = users;
        this.thread = new CaseThread(records, files);
        this.clock = clock;
    }

    @Override
    public String recordType() {
        return Cases.TYPE;
    }

    @Override
    public String name() {
        return "customerMessage";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("A customer writes on their case")
                .description("For customers signed in to the portal: the message joins the case's thread as an inbound message "
                        + "from them and counts as their reply (a case waiting on them or resolved is open again). The service "
                        + "team answers with the case's reply action.")
                .requestBody(JsonSchema.object().property("text", JsonSchema.string().maxLength(20000).description("the message as plain text"))
                        .required("text"))
                .response(201, "The message as kept in the case's thread", JsonSchema.record(CaseMessages.TYPE))
                .problem(403, "The caller is not a customer, or may not change the case")
                .problem(404, "No such case, or it is not shared with the customer's account")
                .problem(422, "No text, or the case is closed")
                .handler(ex -> ex.send(201, post(ex.actor(), ex.pathParameter("id"), (String) ex.body().get("text")))));
    }

    /**
     * @throws AccessDeniedException for anyone but a customer who may change the case
     * @throws org.rapportcrm.platform.api.record.RecordNotFoundException if the case is not shared with the customer
     * @throws ValidationException naming {@code text} or, for a closed case, {@code status}
     */
    Record post(Actor customer, String caseId, String text) {
        if (!customer.isExternal()) {
            throw new AccessDeniedException("Only customers write here; the service team answers with the case's reply action");
        }
        if (text == null || text.isBlank()) {
            throw new ValidationException("text", "required", "a message needs a text");
        }
        return records.inTransaction(() -> {
            Record theCase = records.get(customer, Cases.TYPE, caseId);
            if (roles.access(customer, Cases.TYPE).edit() == AccessScope.NONE) {
                throw new AccessDeniedException(customer.userName() + " may not write on cases");
            }
            if (Cases.CLOSED.equals(theCase.get("status"))) {
                throw new ValidationException("status", "closed", "The case is closed: open a new case instead");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            User me = users.user(Actor.system(), customer.userId()).orElseThrow(() -> new AccessDeniedException("no such user"));
            MailAddress from = me.email() == null || me.email().isBlank() ? null : MailAddress.of(me.email(), me.displayName());
            String subject = Threading.replySubject((String) theCase.get("subject"), (String) theCase.get("caseNumber"));
            // An id of the same form as a mail's, so the agent's e-mail answer references it like any other message.
            String messageId = "<portal." + UUID.randomUUID() + "@rapport.invalid>";
            Map<String, Object> values = CaseThread.values(caseId, CaseMessages.INBOUND, CaseMessages.MESSAGE, messageId, from, List.of(),
                    List.of(), subject, text, null, now, List.of());
            values.put("sentBy", customer.userId());
            Record kept = thread.record(values);
            thread.customerReplied(records.get(Actor.system(), Cases.TYPE, caseId), now);
            return kept;
        });
    }

    /** A case's thread is shared as the case is (with its account, or its contact): the customer reads the whole conversation. */
    @Component
    public static class SharedThread implements SharingRule {
        @Override
        public String recordType() {
            return CaseMessages.TYPE;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(CaseMessages.CASE, "account");
        }

        @Override
        public List<String> pathToContact() {
            return List.of(CaseMessages.CASE, "contact");
        }
    }
}
