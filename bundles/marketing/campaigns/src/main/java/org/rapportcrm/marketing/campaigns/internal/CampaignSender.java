package org.rapportcrm.marketing.campaigns.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.marketing.api.Consents;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.marketing.api.RecipientLinks;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a campaign, as one task instance per campaign on the clustered scheduler (so one node at a time), in two phases.
 *
 * <p><b>Materialise:</b> every member of the campaign's segments gets one row in the outbox, a page of contacts at a
 * time (bounded memory however large the segments): pending, or suppressed with the reason (no address, the address
 * unsubscribed, bounced hard or complained, no consent for the campaign's purpose). Each page commits on its own and
 * its inserts skip contacts that already have a row, so a crash here only means the rerun goes on where it stopped.
 *
 * <p><b>Send:</b> each run takes the next pending rows, as many as the configured rate allows per second (at most
 * {@value #MAX_BATCH}), and in ONE
 * platform transaction renders their messages (the template looked up once per batch, {@link MailService#renderAll}),
 * hands them to the platform's mail queue as one batch of inserts ({@link MailService#sendAll}, which joins the
 * caller's transaction) and marks their rows queued with the messages' ids in one batch of updates. Why no recipient is mailed twice
 * and none is forgotten: a row leaves "pending" only in the transaction that queues its message, and the task only
 * ever reads pending rows. If the node dies before the commit, neither the queued messages nor the marks exist, and
 * the rerun (the scheduler runs the instance again on another node) picks the same rows again; after the commit, the
 * mail queue owns each message and delivers it once (it retries a message only if SMTP did not accept it, or if the
 * node died between the server's acceptance and the queue's note of it; then the copy has the same Message-ID, so
 * receiving servers can drop it). Nothing runs SMTP inside the transaction, so no mail leaves for a rolled-back row.
 */
@Component(service = {ScheduledTaskHandler.class, CampaignSender.class}, configurationPid = CampaignConfig.PID)
@Designate(ocd = CampaignConfig.class)
public class CampaignSender implements ScheduledTaskHandler {
    static final String NAME = "marketing.campaign-send";
    static final String PHASE = "phase";
    static final String SEND = "send";
    /** A/B campaigns: the test share is drawn, then sent; at the window's end the winner is chosen (then {@link #SEND}). */
    static final String SPLIT = "split";
    static final String TEST = "test";
    static final String WINNER = "winner";
    private static final Logger LOG = LoggerFactory.getLogger(CampaignSender.class);
    private static final int PAGE = 500;
    /** Most messages per transaction, whatever the rate: a batch's locks and memory stay small. */
    static final int MAX_BATCH = 500;

    private final RecordService records;
    private final MailService mail;
    private final SegmentMembership segments;
    private final Consents consents;
    private final RecipientStore store;
    private final AbTests abTests;
    private final CampaignMessages messages;
    private final RecipientTokens tokens = new RecipientTokens();
    private final Clock clock;
    private final int perSecond;

    @Activate
    public CampaignSender(@Reference RecordService records, @Reference MailService mail, @Reference SegmentMembership segments,
            @Reference Consents consents, @Reference RecipientStore store, @Reference AbTests abTests, @Reference RecipientLinks links,
            CampaignConfig config) {
        this(records, mail, segments, consents, store, abTests, new CampaignMessages(links, config.bounceDomain(), config.tracking()),
                config.messagesPerSecond(), Clock.systemUTC());
    }

    CampaignSender(RecordService records, MailService mail, SegmentMembership segments, Consents consents, RecipientStore store,
            AbTests abTests, CampaignMessages messages, int perSecond, Clock clock) {
        this.records = records;
        this.mail = mail;
        this.segments = segments;
        this.consents = consents;
        this.store = store;
        this.abTests = abTests;
        this.messages = messages;
        this.perSecond = Math.max(1, perSecond);
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    CampaignMessages messages() {
        return messages;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        String campaignId = run.instanceId();
        Record campaign;
        try {
            campaign = records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaignId);
        } catch (RecordNotFoundException e) {
            return TaskOutcome.done();
        }
        String status = String.valueOf(campaign.get("status"));
        Object phase = run.data().get(PHASE);
        if (CampaignTypes.TESTING.equals(status) && WINNER.equals(phase)) {
            if (!abTests.decide(campaign)) {
                return TaskOutcome.runAgainAt((Instant) campaign.get("testEndsAt")); // woken early (a clock behind)
            }
            return TaskOutcome.runAgainAt(clock.instant(), Map.of(PHASE, SEND));
        }
        if (!CampaignTypes.SCHEDULED.equals(status) && !CampaignTypes.SENDING.equals(status)) {
            return TaskOutcome.done(); // cancelled (or sent, or waiting for the marketer's pick of a winner) meanwhile
        }
        if (phase == null) {
            campaign = setStatus(campaign, Map.of("status", CampaignTypes.SENDING));
            boolean abTest = !abTests.variants(campaignId).isEmpty();
            materialise(campaign, abTest);
            Map<String, Long> stats = store.stats(campaignId);
            setStatus(campaign, Map.of("recipients", stats.getOrDefault(RecipientStore.PENDING, 0L) + stats.getOrDefault(RecipientStore.HELD, 0L),
                    "suppressed", stats.getOrDefault(RecipientStore.SUPPRESSED, 0L)));
            return TaskOutcome.runAgainAt(clock.instant(), Map.of(PHASE, abTest ? SPLIT : SEND));
        }
        if (SPLIT.equals(phase)) {
            abTests.split(campaign);
            return TaskOutcome.runAgainAt(clock.instant(), Map.of(PHASE, TEST));
        }
        Instant started = clock.instant();
        int sent = sendBatch(campaign, Math.min(perSecond, MAX_BATCH));
        if (sent == 0) {
            if (TEST.equals(phase)) {
                Instant ends = abTests.testSent(campaign);
                return CampaignTypes.MANUAL.equals(campaign.get("winnerMode")) ? TaskOutcome.done()
                        : TaskOutcome.runAgainAt(ends, Map.of(PHASE, WINNER));
            }
            setStatus(campaign, Map.of("status", CampaignTypes.SENT, "sentAt", clock.instant()));
            return TaskOutcome.done();
        }
        // The next batch when the rate allows it (at once if this one took longer than its share).
        return TaskOutcome.runAgainAt(started.plus(Duration.ofNanos(1_000_000_000L * sent / perSecond)));
    }

    private Record setStatus(Record campaign, Map<String, Object> changes) {
        Record current = records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaign.getId());
        return records.update(Actor.system(), CampaignTypes.CAMPAIGN, current.getId(), current.getVersion(), changes);
    }

    /**
     * One row per member of the campaign's segments, in pages that commit one by one; an A/B campaign's rows are held
     * for the split rather than pending.
     */
    void materialise(Record campaign, boolean abTest) {
        List<String> buffer = new ArrayList<>(PAGE);
        for (String segmentId : segmentIds(campaign)) {
            segments.forEachMember(segmentId, contactId -> {
                buffer.add(contactId);
                if (buffer.size() == PAGE) {
                    addRows(campaign, buffer, abTest);
                    buffer.clear();
                }
            });
        }
        addRows(campaign, buffer, abTest);
    }

    static List<String> segmentIds(Record campaign) {
        Object value = campaign.get("segments");
        return value == null ? List.of() : Arrays.stream(value.toString().split("[,\\s]+")).filter(s -> !s.isBlank()).distinct().toList();
    }

    private void addRows(Record campaign, List<String> page, boolean abTest) {
        if (page.isEmpty()) {
            return;
        }
        records.inTransaction(() -> store.insert(campaign.getId(), rows(campaign, new LinkedHashSet<>(page)).stream()
                .map(r -> abTest && RecipientStore.PENDING.equals(r.state())
                        ? new RecipientStore.Recipient(r.campaignId(), r.contactId(), r.email(), RecipientStore.HELD, null, null) : r)
                .toList()));
    }

    /** New outbox rows for contacts: pending, or suppressed with the reason (no address, suppressed address, no consent). */
    private List<RecipientStore.Recipient> rows(Record campaign, Set<String> contactIds) {
        Map<String, String> emails = emails(contactIds);
        Map<String, String> suppressed = store.suppressions(emails.values());
        Object purpose = campaign.get("consentPurpose");
        Set<String> allowed = purpose == null ? contactIds : consents.allowed(purpose.toString(), Marketing.EMAIL, contactIds);
        List<RecipientStore.Recipient> rows = new ArrayList<>(contactIds.size());
        for (String contactId : contactIds) {
            String email = emails.get(contactId);
            String reason = email == null ? RecipientStore.NO_EMAIL
                    : suppressed.get(RecipientStore.normalise(email)) != null ? suppressed.get(RecipientStore.normalise(email))
                    : !allowed.contains(contactId) ? RecipientStore.NO_CONSENT : null;
            rows.add(new RecipientStore.Recipient(campaign.getId(), contactId, email,
                    reason == null ? RecipientStore.PENDING : RecipientStore.SUPPRESSED, reason, null));
        }
        return rows;
    }

    /**
     * One contact's message of a campaign that goes out contact by contact (a journey's e-mail step), in the caller's
     * transaction: the row is written and the message queued, or the row is suppressed, as in a whole send.
     *
     * @return the row's state: {@link RecipientStore#QUEUED} or {@link RecipientStore#SUPPRESSED}; null if the contact
     *     had a row already
     */
    String sendOne(Record campaign, String contactId) {
        List<RecipientStore.Recipient> rows = rows(campaign, Set.of(contactId));
        if (store.insert(campaign.getId(), rows).isEmpty()) {
            return null;
        }
        if (CampaignTypes.CANCELLED.equals(campaign.get("status"))) {
            store.markSuppressed(campaign.getId(), contactId, "Campaign cancelled");
            return RecipientStore.SUPPRESSED;
        }
        queue(campaign, rows.stream().filter(r -> RecipientStore.PENDING.equals(r.state())).toList());
        return store.state(campaign.getId(), contactId);
    }

    private Map<String, String> emails(Set<String> contactIds) {
        Map<String, String> emails = new HashMap<>();
        for (Record c : contacts(contactIds)) {
            Object email = c.get("email");
            if (email != null && !email.toString().isBlank()) {
                emails.put(c.getId(), email.toString());
            }
        }
        return emails;
    }

    private List<Record> contacts(Set<String> contactIds) {
        return records.query(Actor.system(), Query.of("contact").where(Filter.in("id", List.copyOf(contactIds))).limit(contactIds.size())).items();
    }

    /**
     * Queues the next {@code limit} pending messages in one transaction (see the class comment).
     *
     * @return how many rows it took (queued or suppressed since materialisation); 0 when the campaign is done
     */
    int sendBatch(Record campaign, int limit) {
        return records.inTransaction(() -> {
            List<RecipientStore.Recipient> rows = store.pending(campaign.getId(), limit);
            queue(campaign, rows);
            return rows.size();
        });
    }

    /** Sends a queued recipient's message again (after a soft bounce): back to pending and queued, in one transaction. */
    void resend(Record campaign, String contactId) {
        records.inTransaction(() -> {
            RecipientStore.Recipient row = store.requeue(campaign.getId(), contactId);
            if (row != null) {
                queue(campaign, List.of(row));
            }
            return null;
        });
    }

    /** Renders and queues the pending rows' messages, or marks them suppressed; in the caller's transaction. */
    private void queue(Record campaign, List<RecipientStore.Recipient> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Record> contacts = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        rows.forEach(r -> ids.add(r.contactId()));
        contacts(ids).forEach(c -> contacts.put(c.getId(), c));
        // Unsubscribes and bounces since materialisation count too.
        Map<String, String> suppressed = store.suppressions(rows.stream().map(RecipientStore.Recipient::email).toList());
        String template = String.valueOf(campaign.get("template"));
        Map<String, String> variants = rows.stream().anyMatch(r -> r.variantId() != null) ? abTests.templates(campaign.getId()) : Map.of();
        List<RecipientStore.Recipient> sendable = new ArrayList<>(rows.size());
        List<Record> recipients = new ArrayList<>(rows.size());
        for (RecipientStore.Recipient row : rows) {
            Record contact = contacts.get(row.contactId());
            String reason = contact == null ? "Contact deleted" : suppressed.get(RecipientStore.normalise(row.email()));
            if (reason == null && row.variantId() != null && !variants.containsKey(row.variantId())) {
                reason = "Variant deleted";
            }
            if (reason != null) {
                store.markSuppressed(campaign.getId(), row.contactId(), reason);
            } else {
                sendable.add(row);
                recipients.add(contact);
            }
        }
        List<RenderedMail> contents = render(sendable, recipients, template, variants);
        List<OutgoingMail> out = new ArrayList<>(sendable.size());
        List<RecipientStore.Recipient> mailed = new ArrayList<>(sendable.size());
        List<String> tokenHashes = new ArrayList<>(sendable.size());
        for (int i = 0; i < sendable.size(); i++) {
            RecipientStore.Recipient row = sendable.get(i);
            String token = tokens.fresh();
            try {
                out.add(messages.message(contents.get(i), row.email(), token, campaign.getId(), row.contactId()));
                mailed.add(row);
                tokenHashes.add(RecipientTokens.hash(token));
            } catch (InvalidMailException e) {
                if (!"to".equals(e.field())) {
                    throw e; // the template's fault: the whole campaign waits for it to be fixed
                }
                store.markSuppressed(campaign.getId(), row.contactId(), RecipientStore.INVALID_EMAIL);
            }
        }
        // One batch of inserts into the mail queue, sent by a few tasks of many messages each.
        List<String> messageIds = mail.sendAll(out);
        List<RecipientStore.Queued> queued = new ArrayList<>(mailed.size());
        for (int i = 0; i < mailed.size(); i++) {
            queued.add(new RecipientStore.Queued(mailed.get(i).contactId(), tokenHashes.get(i), messageIds.get(i)));
        }
        store.markQueued(campaign.getId(), queued, clock.instant());
        LOG.debug("Campaign {}: {} messages queued", campaign.getId(), rows.size());
    }

    /**
     * Each row's message in order: each template (the campaign's, or an A/B variant's) looked up once and its references
     * (a contact's account) read in one query, for the rows that get it.
     */
    private List<RenderedMail> render(List<RecipientStore.Recipient> rows, List<Record> contacts, String template, Map<String, String> variants) {
        Map<String, List<Integer>> rowsByTemplate = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String variant = rows.get(i).variantId();
            rowsByTemplate.computeIfAbsent(variant == null ? template : variants.get(variant), t -> new ArrayList<>()).add(i);
        }
        RenderedMail[] contents = new RenderedMail[rows.size()];
        rowsByTemplate.forEach((t, indexes) -> {
            List<RenderedMail> rendered = mail.renderAll(t, indexes.stream().map(contacts::get).toList(), Actor.system());
            for (int j = 0; j < indexes.size(); j++) {
                contents[indexes.get(j)] = rendered.get(j);
            }
        });
        return Arrays.asList(contents);
    }
}
