package org.rapportcrm.service.surveys.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invites one contact to answer a survey: the response is made, the e-mail with the rating links queued and the
 * message id noted in one transaction, so an invitation is sent with its response or not at all. Invitations are
 * keyed (per case for CSAT, per contact and wave for NPS): inviting again with the same key does nothing, which makes
 * the outbox consumer and the send task safe to repeat.
 */
@Component(service = Invitations.class, configurationPid = SurveysConfig.PID)
@Designate(ocd = SurveysConfig.class)
public class Invitations {
    private static final Logger LOG = LoggerFactory.getLogger(Invitations.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu").withZone(ZoneOffset.UTC);

    /** Why a contact was not invited, or that it was. */
    public enum Outcome { INVITED, ALREADY_INVITED, NO_EMAIL, ASKED_RECENTLY, UNDELIVERABLE }

    private final RecordService records;
    private final MailService mail;
    private final SurveyLinks links;
    private final Clock clock;

    @Activate
    public Invitations(@Reference RecordService records, @Reference MailService mail, SurveysConfig config) {
        this(records, mail, new SurveyLinks(config.publicUrl()), Clock.systemUTC());
    }

    Invitations(RecordService records, MailService mail, SurveyLinks links, Clock clock) {
        this.records = records;
        this.mail = mail;
        this.links = links;
        this.clock = clock;
    }

    static String csatKey(Record survey, String caseId) {
        return "csat:" + survey.getId() + ":" + caseId;
    }

    static String npsKey(Record survey, long wave, String contactId) {
        return "nps:" + survey.getId() + ":" + wave + ":" + contactId;
    }

    /** Invites the contact (about the case, for CSAT) unless the key was used, it has no e-mail or was asked recently. */
    public Outcome invite(Record survey, Record contact, Record aboutCase, String key) {
        String email = (String) contact.get("email");
        if (email == null || email.isBlank()) {
            return Outcome.NO_EMAIL;
        }
        if (first(Filter.eq("invitationKey", key)).isPresent()) {
            return Outcome.ALREADY_INVITED;
        }
        Instant now = clock.instant();
        if (askedSince(survey, contact, now.minus(Duration.ofDays(number(survey.get("quietDays")))))) {
            return Outcome.ASKED_RECENTLY;
        }
        String token = links.newToken();
        Instant expires = now.plus(Duration.ofDays(Math.max(1, number(survey.get("linkValidDays")))));
        try {
            records.inTransaction(() -> {
                String mailId = mail.send(message(survey, contact, aboutCase, email, token, expires));
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("survey", survey.getId());
                response.put("kind", survey.get("kind"));
                response.put("contact", contact.getId());
                response.put("case", aboutCase == null ? null : aboutCase.getId());
                response.put("email", email);
                response.put("status", SurveyTypes.SENT);
                response.put("sentAt", now);
                response.put("expiresAt", expires);
                response.put("mailId", mailId);
                response.put("tokenHash", SurveyLinks.hash(token));
                response.put("invitationKey", key);
                return records.create(Actor.system(), SurveyTypes.RESPONSE, response);
            });
            return Outcome.INVITED;
        } catch (IllegalArgumentException e) {
            // An address the mail service refuses (InvalidMailException): nothing is kept, nothing is retried.
            LOG.warn("Survey {} not sent to contact {}: {}", survey.getId(), contact.getId(), e.getMessage());
            return Outcome.UNDELIVERABLE;
        }
    }

    private boolean askedSince(Record survey, Record contact, Instant since) {
        return first(Filter.and(Filter.eq("survey", survey.getId()), Filter.eq("contact", contact.getId()), Filter.gt("sentAt", since)))
                .isPresent();
    }

    private Optional<Record> first(Filter filter) {
        return records.query(Actor.system(), Query.of(SurveyTypes.RESPONSE).where(filter).limit(1)).items().stream().findFirst();
    }

    private OutgoingMail message(Record survey, Record contact, Record aboutCase, String email, String token, Instant expires) {
        String kind = (String) survey.get("kind");
        String name = (String) contact.get("firstName");
        String greeting = "Hello" + (name == null || name.isBlank() ? "" : " " + name) + ",";
        String about = aboutCase == null ? null : "About your case " + aboutCase.get("caseNumber") + ": " + aboutCase.get("subject");
        String question = question(survey);
        String intro = (String) survey.get("introduction");
        StringBuilder text = new StringBuilder(greeting).append("\n\n");
        StringBuilder html = new StringBuilder("<p>").append(Html.escape(greeting)).append("</p>");
        if (about != null) {
            text.append(about).append("\n\n");
            html.append("<p>").append(Html.escape(about)).append("</p>");
        }
        if (intro != null && !intro.isBlank()) {
            text.append(intro.strip()).append("\n\n");
            html.append("<p>").append(Html.escape(intro.strip()).replace("\n", "<br>")).append("</p>");
        }
        text.append(question).append("\n");
        html.append("<p><strong>").append(Html.escape(question)).append("</strong></p><table role=\"presentation\"><tr>");
        for (int score = Scores.lowest(kind); score <= Scores.highest(kind); score++) {
            String url = links.answerUrl(token, score);
            text.append("  ").append(score).append(": ").append(url).append("\n");
            html.append("<td style=\"padding:4px\"><a href=\"").append(Html.escape(url))
                    .append("\" style=\"display:inline-block;min-width:2em;padding:8px;border:1px solid #888;border-radius:4px;text-align:center;text-decoration:none\">")
                    .append(score).append("</a></td>");
        }
        html.append("</tr></table>");
        String scale = SurveyTypes.NPS.equals(kind) ? "0 is not at all likely, 10 extremely likely." : "1 is very dissatisfied, 5 very satisfied.";
        String footer = "This link is yours alone: it records one answer and works until " + DAY.format(expires) + ".";
        text.append("\n").append(scale).append("\n\n").append(footer).append("\n");
        html.append("<p>").append(Html.escape(scale)).append("</p><p style=\"color:#666;font-size:small\">").append(Html.escape(footer)).append("</p>");
        OutgoingMail.Builder message = OutgoingMail.builder().to(email).subject((String) survey.get("subject"))
                .text(text.toString()).html(html.toString()).header("Auto-Submitted", "auto-generated");
        return (aboutCase == null ? message.about("contact", contact.getId()) : message.about(aboutCase.getType(), aboutCase.getId())).build();
    }

    static String question(Record survey) {
        String question = (String) survey.get("question");
        if (question != null && !question.isBlank()) {
            return question.strip();
        }
        return SurveyTypes.NPS.equals(survey.get("kind")) ? "How likely are you to recommend us to a friend or colleague?"
                : "How satisfied are you with the help you received?";
    }

    static int number(Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }
}
