package org.rapportcrm.service.surveys.internal;

import org.rapportcrm.service.surveys.internal.Answers.Invitation;
import org.rapportcrm.service.surveys.internal.Answers.Result;

/**
 * The pages a customer sees through an invitation link, as HTML with every administrator- or customer-written text
 * escaped. With a score chosen in the e-mail, the page sends it by itself (one click; {@code answer.js}), and a
 * button does the same without script; a mail scanner that only fetches the link records nothing.
 */
final class SurveyPages {
    private SurveyPages() {
    }

    static String answerPage(String token, Invitation invitation, Integer chosen, String notice) {
        StringBuilder body = new StringBuilder();
        if (notice != null) {
            body.append("<p class=\"notice\" role=\"alert\">").append(Html.escape(notice)).append("</p>");
        }
        String question = Invitations.question(invitation.survey());
        if (invitation.answered()) {
            body.append("<h1>Thank you</h1><p>We recorded your answer: <strong data-testid=\"recorded-score\">")
                    .append(invitation.response().get("score")).append("</strong>.</p>");
            if (invitation.mayComment()) {
                body.append(form(token, null, invitation, false));
            }
        } else if (invitation.expired()) {
            body.append("<h1>This link has expired</h1><p>Thank you all the same; we will ask again another time.</p>");
        } else {
            body.append("<h1>").append(Html.escape(question)).append("</h1>").append(form(token, chosen, invitation, true));
        }
        return page(body.toString());
    }

    private static String form(String token, Integer chosen, Invitation invitation, boolean withScores) {
        String kind = invitation.kind();
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"").append(SurveyLinks.PATH).append('/').append(token).append('"');
        if (withScores && chosen != null && Scores.valid(kind, chosen)) {
            form.append(" data-autosubmit=\"true\"");
        }
        form.append('>');
        if (withScores) {
            form.append("<fieldset class=\"scores\"><legend>").append(Html.escape(scale(kind))).append("</legend>");
            for (int score = Scores.lowest(kind); score <= Scores.highest(kind); score++) {
                form.append("<label><input type=\"radio\" name=\"score\" required value=\"").append(score).append('"')
                        .append(chosen != null && chosen == score ? " checked" : "").append("><span>").append(score).append("</span></label>");
            }
            form.append("</fieldset>");
        } else {
            form.append("<input type=\"hidden\" name=\"score\" value=\"").append(invitation.response().get("score")).append("\">");
        }
        form.append("<label class=\"comment\">").append(withScores ? "Anything you would like to tell us? (optional)" : "Would you like to add a comment?")
                .append("<textarea name=\"comment\" maxlength=\"").append(Answers.MAX_COMMENT).append("\" rows=\"5\"></textarea></label>")
                .append("<button type=\"submit\">").append(withScores ? "Send my answer" : "Send my comment").append("</button></form>");
        return form.toString();
    }

    private static String scale(String kind) {
        return SurveyTypes.NPS.equals(kind) ? "0 = not at all likely, 10 = extremely likely" : "1 = very dissatisfied, 5 = very satisfied";
    }

    static String message(String title, String text) {
        return page("<h1>" + Html.escape(title) + "</h1><p>" + Html.escape(text) + "</p>");
    }

    static String notice(Result result) {
        return switch (result) {
            case RECORDED -> null;
            case COMMENT_ADDED -> "Your comment was added. Thank you.";
            case ALREADY_ANSWERED -> "This survey was already answered; the first answer counts.";
            case EXPIRED, UNKNOWN -> null;
        };
    }

    private static String page(String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\"><title>Your opinion</title><link rel=\"stylesheet\" href=\""
                + SurveyLinks.PATH + "/assets/survey.css\"><script type=\"module\" src=\"" + SurveyLinks.PATH + "/assets/answer.js\"></script>"
                + "</head><body><main>" + body + "</main></body></html>";
    }
}
