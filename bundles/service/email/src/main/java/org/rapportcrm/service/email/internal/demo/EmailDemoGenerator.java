package org.rapportcrm.service.email.internal.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.email.internal.EmailTypes;

/**
 * The demo's e-mail: a service mailbox "support" (support@rapport.demo; it reads mail once an IMAP mailbox named
 * "support" is configured, etc/org.rapportcrm.mail.inbox-support.cfg), an acknowledgement template, two reply macros, and threads on a share of the
 * e-mail cases: the customer's message, our acknowledgement, for answered cases the agent's reply, and for some a
 * customer's answer. The same seed gives the same threads.
 */
public final class EmailDemoGenerator {
    static final String DOMAIN = "rapport.demo";
    private static final String[] REPLIES = {"Thank you for your message. We have looked into it and fixed the problem on our side.",
        "Could you send us a screenshot of the error and the time it happened?",
        "We have forwarded this to our billing team; you will hear from us within two working days."};
    private static final String[] ANSWERS = {"Thanks, that works now.", "Here is the screenshot you asked for.", "Any news on this?"};

    private final RecordService records;
    private final Clock clock;

    public EmailDemoGenerator(RecordService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Generates everything; returns how many records were written. */
    public int generate(int threadPercent, long seed) {
        Random random = new Random(seed);
        Actor system = Actor.system();
        Record ack = records.create(system, EmailTypes.EMAIL_TEMPLATE, Map.of("name", "Service: case received", "recordType", Cases.TYPE,
                "subject", "We received your message: {{ record.subject }}",
                "textBody", "Hello,\n\nthank you for contacting us. Your case number is {{ record.caseNumber }}; we will answer soon.\n\nRapport Support"));
        Record resetTemplate = records.create(system, EmailTypes.EMAIL_TEMPLATE, Map.of("name", "Macro: password reset", "recordType", Cases.TYPE,
                "subject", "Password reset", "textBody", "Hello,\n\nplease use the \"Forgot password\" link on the sign-in page; the link "
                        + "in the e-mail is valid for one hour.\n\nKind regards\n{{ sender.name }}"));
        Record infoTemplate = records.create(system, EmailTypes.EMAIL_TEMPLATE, Map.of("name", "Macro: need more information",
                "recordType", Cases.TYPE, "subject", "More information", "textBody",
                "Hello,\n\nto look into {{ record.caseNumber }} we need a little more information: when did it happen, and what did you see?"
                        + "\n\nKind regards\n{{ sender.name }}"));
        records.create(system, EmailTypes.MACRO, Map.of("name", "Password reset", "template", resetTemplate.getId(), "statusAfter", Cases.RESOLVED));
        records.create(system, EmailTypes.MACRO, Map.of("name", "Need more information", "template", infoTemplate.getId(),
                "statusAfter", Cases.WAITING_ON_CUSTOMER));
        Map<String, Object> mailbox = new LinkedHashMap<>(Map.of("name", "support", "address", "support@" + DOMAIN, "displayName", "Rapport Support",
                "priority", "Medium", "acknowledgementTemplate", ack.getId(), "active", true));
        List<Record> queues = records.query(system, Query.of("queue").sortBy("name", false).limit(1)).items();
        if (!queues.isEmpty()) {
            mailbox.put("queue", queues.get(0).getId());
        }
        records.create(system, EmailTypes.MAILBOX, mailbox);
        int written = 6;

        Instant now = clock.instant();
        for (Record c : records.all(system, Query.of(Cases.TYPE).where(Filter.eq("channel", Cases.CHANNEL_EMAIL)).sortBy("caseNumber", false)
                .limit(Query.MAX_LIMIT))) {
            if (random.nextInt(100) >= threadPercent || c.get("contact") == null) {
                continue;
            }
            Record contact = records.get(system, "contact", (String) c.get("contact"));
            if (contact.get("email") == null) {
                continue;
            }
            written += thread(c, contact, random, now);
        }
        return written;
    }

    private int thread(Record c, Record contact, Random random, Instant now) {
        String number = (String) c.get("caseNumber");
        MailAddress customer = MailAddress.of((String) contact.get("email"), name(contact));
        MailAddress support = MailAddress.of("support@" + DOMAIN, "Rapport Support");
        Instant opened = c.get(Cases.OPENED_AT) instanceof Instant i ? i : c.getCreatedAt();
        String subject = (String) c.get("subject");
        String description = c.get("description") == null ? subject : (String) c.get("description");
        int n = 0;
        message(c, CaseMessages.INBOUND, CaseMessages.MESSAGE, number + ".1@customer." + DOMAIN, customer, support, subject, description, opened);
        message(c, CaseMessages.OUTBOUND, CaseMessages.ACKNOWLEDGEMENT, number + ".2@" + DOMAIN, support, customer,
                "We received your message: " + subject + " [" + number + "]",
                "Hello,\n\nthank you for contacting us. Your case number is " + number + "; we will answer soon.\n\nRapport Support", opened.plusSeconds(5));
        n += 2;
        Instant answered = c.get("firstResponseAt") instanceof Instant i ? i : null;
        if (answered != null) {
            message(c, CaseMessages.OUTBOUND, CaseMessages.MESSAGE, number + ".3@" + DOMAIN, support, customer, "Re: " + subject + " [" + number + "]",
                    REPLIES[random.nextInt(REPLIES.length)], answered);
            n++;
            Instant answer = answered.plus(Duration.ofMinutes(30 + random.nextInt(600)));
            if (random.nextBoolean() && answer.isBefore(now)) {
                message(c, CaseMessages.INBOUND, CaseMessages.MESSAGE, number + ".4@customer." + DOMAIN, customer, support,
                        "Re: " + subject + " [" + number + "]", ANSWERS[random.nextInt(ANSWERS.length)], answer);
                n++;
            }
        }
        return n;
    }

    private void message(Record c, String direction, String kind, String id, MailAddress from, MailAddress to, String subject, String text,
            Instant sentAt) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(CaseMessages.CASE, c.getId());
        v.put(CaseMessages.DIRECTION, direction);
        v.put(CaseMessages.KIND, kind);
        v.put(CaseMessages.MESSAGE_ID, "<" + id + ">");
        v.put("mailbox", "support");
        v.put(CaseMessages.FROM, from.address());
        if (from.name() != null) {
            v.put(CaseMessages.FROM_NAME, from.name());
        }
        v.put(CaseMessages.TO, to.address());
        v.put(CaseMessages.SUBJECT, subject);
        v.put(CaseMessages.TEXT, text);
        v.put(CaseMessages.SENT_AT, sentAt);
        records.create(Actor.system(), CaseMessages.TYPE, v);
    }

    private static String name(Record contact) {
        String first = (String) contact.get("firstName");
        String last = (String) contact.get("lastName");
        return first == null ? last : first + " " + last;
    }
}
