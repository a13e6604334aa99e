package org.rapportcrm.marketing.api;

import java.util.List;

/** The names the marketing capability gives its record types, their values and its automation triggers. */
public final class Marketing {
    /** A segment: a dynamic one (a filter over contacts and their account) or a static list kept by hand. */
    public static final String SEGMENT = "segment";
    public static final String SEGMENTS = "segments";
    /** The setting that names what a consent is for ("Newsletter", "Product news"). */
    public static final String CONSENT_PURPOSE = "consentPurpose";
    /** One line of the append-only consent ledger. */
    public static final String CONSENT_ENTRY = "consentEntry";

    public static final String DYNAMIC = "Dynamic";
    public static final String STATIC = "Static";
    public static final List<String> SEGMENT_KINDS = List.of(DYNAMIC, STATIC);

    public static final String EMAIL = "Email";
    public static final List<String> CHANNELS = List.of(EMAIL, "SMS", "Phone", "Post");

    public static final String GIVEN = "Given";
    public static final String WITHDRAWN = "Withdrawn";
    /** Asked for by a sign-up, waiting for the confirmation of a double opt-in: it does not count yet. */
    public static final String PENDING = "Pending";
    public static final List<String> CONSENT_STATUSES = List.of(GIVEN, WITHDRAWN, PENDING);

    /** Fired on the contact when it enters a segment; event data {@code segmentId}, {@code segmentName}. */
    public static final String SEGMENT_ENTERED = "marketing.segment-entered";
    /** Fired on the contact when it leaves a segment; event data as for {@link #SEGMENT_ENTERED}. */
    public static final String SEGMENT_EXITED = "marketing.segment-exited";

    private Marketing() {
    }
}
