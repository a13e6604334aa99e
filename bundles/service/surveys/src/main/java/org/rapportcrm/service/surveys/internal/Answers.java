package org.rapportcrm.service.surveys.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Answers arriving through invitation links. A link rates once: the first score is kept (a second click, a scanner
 * following the link again or a changed mind does not overwrite it), and a comment may follow the rating for a while.
 * An answered response fires the automation event {@value #ANSWERED_TRIGGER}, so a rule can follow up a detractor.
 */
@Component(service = Answers.class, configurationPid = SurveysConfig.PID)
public class Answers {
    public static final String ANSWERED_TRIGGER = "service.survey-answered";
    static final int MAX_COMMENT = 4000;

    /** What became of an answer. */
    public enum Result { RECORDED, COMMENT_ADDED, ALREADY_ANSWERED, EXPIRED, UNKNOWN }

    /** A response as its link shows it. */
    public record Invitation(Record response, Record survey, boolean expired, boolean mayComment) {
        public String kind() {
            return (String) response.get("kind");
        }

        public boolean answered() {
            return SurveyTypes.ANSWERED.equals(response.get("status"));
        }
    }

    private final RecordService records;
    private final Clock clock;
    private final Duration commentWindow;
    private volatile AutomationEvents automation;

    @Activate
    public Answers(@Reference RecordService records, SurveysConfig config) {
        this(records, Clock.systemUTC(), Duration.ofHours(Math.max(0, config.commentHours())));
    }

    Answers(RecordService records, Clock clock, Duration commentWindow) {
        this.records = records;
        this.clock = clock;
        this.commentWindow = commentWindow;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAutomation(AutomationEvents events) {
        this.automation = events;
    }

    void unsetAutomation(AutomationEvents events) {
        if (this.automation == events) {
            this.automation = null;
        }
    }

    /** The response a link stands for, if the link is one of ours. */
    public Optional<Invitation> find(String token) {
        if (!SurveyLinks.wellFormed(token)) {
            return Optional.empty();
        }
        return records.query(Actor.system(), Query.of(SurveyTypes.RESPONSE).where(Filter.eq("tokenHash", SurveyLinks.hash(token))).limit(1))
                .items().stream().findFirst().map(this::invitation);
    }

    private Invitation invitation(Record response) {
        Instant now = clock.instant();
        Record survey = records.get(Actor.system(), SurveyTypes.SURVEY, (String) response.get("survey"));
        boolean answered = SurveyTypes.ANSWERED.equals(response.get("status"));
        Instant expires = (Instant) response.get("expiresAt");
        boolean expired = !answered && expires != null && now.isAfter(expires);
        Instant answeredAt = (Instant) response.get("answeredAt");
        boolean mayComment = answered && blank(response.get("comment")) && answeredAt != null && now.isBefore(answeredAt.plus(commentWindow));
        return new Invitation(response, survey, expired, mayComment);
    }

    /**
     * Records a score (with an optional comment) or adds a comment to a rated response.
     *
     * @throws IllegalArgumentException naming the field ({@code score}, {@code comment}) for a score out of the survey's
     *     scale, a missing score or a comment that is too long
     */
    public Result answer(String token, Integer score, String comment) {
        String text = blank(comment) ? null : comment.strip();
        if (text != null && text.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("comment: a comment has at most " + MAX_COMMENT + " characters");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Invitation> found = find(token);
            if (found.isEmpty()) {
                return Result.UNKNOWN;
            }
            Invitation invitation = found.get();
            Record response = invitation.response();
            try {
                if (invitation.answered()) {
                    boolean sameScore = score == null || score.equals(((Number) response.get("score")).intValue());
                    if (text == null || !sameScore || !invitation.mayComment()) {
                        return Result.ALREADY_ANSWERED;
                    }
                    records.update(Actor.system(), SurveyTypes.RESPONSE, response.getId(), response.getVersion(), Map.of("comment", text));
                    return Result.COMMENT_ADDED;
                }
                if (invitation.expired()) {
                    return Result.EXPIRED;
                }
                if (score == null) {
                    throw new IllegalArgumentException("score: choose a score");
                }
                if (!Scores.valid(invitation.kind(), score)) {
                    throw new IllegalArgumentException("score: a score is from " + Scores.lowest(invitation.kind()) + " to "
                            + Scores.highest(invitation.kind()));
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("status", SurveyTypes.ANSWERED);
                answer.put("score", score);
                answer.put("rating", Scores.rating(invitation.kind(), score));
                answer.put("answeredAt", clock.instant());
                answer.put("comment", text);
                Record answered = records.update(Actor.system(), SurveyTypes.RESPONSE, response.getId(), response.getVersion(), answer);
                AutomationEvents events = automation;
                if (events != null) {
                    events.fire(ANSWERED_TRIGGER, answered, Map.of("score", score, "rating", answered.get("rating")));
                }
                return Result.RECORDED;
            } catch (StaleVersionException e) {
                // Two clicks at once: read again, and the one that lost sees the answer of the one that won.
            }
        }
        return Result.ALREADY_ANSWERED;
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }
}
