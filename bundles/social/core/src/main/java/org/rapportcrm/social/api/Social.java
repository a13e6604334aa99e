package org.rapportcrm.social.api;

import java.util.List;

/** The names other capabilities and rules use: record types, their status and sentiment values, the automation trigger. */
public final class Social {
    public static final String CHANNEL = "socialChannel";
    public static final String POST = "socialPost";
    public static final String PROFILE = "socialProfile";

    /** Fired once for every post stored from a network, after its commit; rules see the post and its sentiment. */
    public static final String POST_RECEIVED_TRIGGER = "social.post-received";

    public static final String NEW = "New";
    public static final String ASSIGNED = "Assigned";
    public static final String REPLIED = "Replied";
    public static final String DONE = "Done";
    public static final List<String> STATUSES = List.of(NEW, ASSIGNED, REPLIED, DONE);

    public static final String POSITIVE = "Positive";
    public static final String NEUTRAL = "Neutral";
    public static final String NEGATIVE = "Negative";
    /** Not scored: the post is not in a language the sentiment model knows (only English is scored). */
    public static final String NOT_SCORED = "Not scored";
    public static final List<String> SENTIMENTS = List.of(POSITIVE, NEUTRAL, NEGATIVE, NOT_SCORED);

    public static final String INBOUND = "Inbound";
    public static final String OUTBOUND = "Outbound";

    private Social() {
    }
}
