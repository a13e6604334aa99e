package org.rapportcrm.platform.mail.internal;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.IncomingMailHandler;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a mailbox (the task's instance id is its name) and hands each new message to every {@link IncomingMailHandler}.
 * The task's data is the checkpoint: the folder's UIDVALIDITY and the last UID read, so a read starts where the last
 * one stopped. Once every handler returned, the message's mailbox and Message-ID are recorded (unique), and the
 * message is flagged as seen: a message is handed over again only if a handler threw (then it and the rest wait for
 * the next read) or the node died before the note was written. The scheduler lets one node read each mailbox; a
 * mailbox configured to wait with IMAP IDLE keeps its run (one connection, one scheduler thread) on that node between
 * reads, and a new message ends the wait, so it is read at once rather than at the next poll.
 */
@Component(service = {ScheduledTaskHandler.class, InboxPoll.class})
public class InboxPoll implements ScheduledTaskHandler {
    static final String NAME = "mail.inbox";
    private static final Logger LOG = LoggerFactory.getLogger(InboxPoll.class);
    /** The longest single IDLE command: between two, the folder's message count is looked at (see waitForNews). */
    private static final Duration IDLE_SLICE = Duration.ofSeconds(5);
    /** Messages per read. */
    private static final int BATCH = 200;
    /** How long a run goes on reading a full mailbox before it returns, and the scheduler keeps its checkpoint. */
    private static final Duration BUSY_SLICE = Duration.ofSeconds(10);


    private final RecordService records;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            fieldOption = FieldOption.UPDATE)
    final List<Inbox> inboxes = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            fieldOption = FieldOption.UPDATE)
    final List<IncomingMailHandler> handlers = new CopyOnWriteArrayList<>();

    /** Folders waiting in IMAP IDLE on this node, so a stopping bundle can end their waits. */
    private final Set<Idle> idling = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** What the last read of each mailbox on this node ran into, for the health answer. */
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

    private final Duration busySlice;

    @Activate
    public InboxPoll(@Reference RecordService records, @Reference MimeSupport mime) {
        this(records, BUSY_SLICE);
    }

    InboxPoll(RecordService records, Duration busySlice) {
        this.records = records;
        this.busySlice = busySlice;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        Inbox inbox = inboxes.stream().filter(i -> i.name().equals(run.instanceId())).findFirst().orElse(null);
        if (inbox == null) {
            return TaskOutcome.done(); // no longer configured; a configuration that comes back schedules it again
        }
        Instant next = Instant.now().plus(inbox.pollInterval());
        Checkpoint checkpoint = Checkpoint.of(run.data());
        if (handlers.isEmpty()) {
            return TaskOutcome.runAgainAt(next, checkpoint.data()); // nobody to hand messages to: they wait in the mailbox
        }
        try (Store store = inbox.connect()) {
            Folder folder = store.getFolder(inbox.folder());
            folder.open(Folder.READ_WRITE);
            boolean idles = !inbox.idle().isZero() && folder instanceof IMAPFolder && store instanceof IMAPStore imapStore
                    && imapStore.hasCapability("IDLE");
            Instant waitUntil = Instant.now().plus(inbox.idle());
            try {
                // With IDLE the run stays with the mailbox until a wait passes quietly: each new message ends the wait and is
                // read at once (the scheduler would only start the next run at its next look for due work).
                // A full mailbox is read batch after batch in the same run for a while (a new run would wait for the
                // scheduler's next look); the checkpoint is kept when the run returns, and the notes of handled ids keep
                // repeats out should the node die before.
                Instant busyUntil = Instant.now().plus(busySlice);
                int known;
                do {
                    known = folder.getMessageCount(); // taken before the read, which then sees at least these
                    checkpoint = read(inbox, (UIDFolder) folder, folder, checkpoint, run);
                } while (!run.stopRequested() && (checkpoint.more() ? Instant.now().isBefore(busyUntil)
                        : idles && waitForNews((IMAPFolder) folder, known, Duration.between(Instant.now(), waitUntil))));
            } finally {
                folder.close(false);
            }
            lastErrors.remove(inbox.name());
            return TaskOutcome.runAgainAt(checkpoint.more() || idles ? Instant.now() : next, checkpoint.data());
        } catch (HandlerFailed e) {
            if (failed(inbox, e.getMessage())) {
                LOG.warn("Mailbox {}: {}", inbox.name(), e.getMessage(), e.getCause());
            }
            return TaskOutcome.runAgainAt(next, e.checkpoint.data());
        } catch (MessagingException | RuntimeException e) {
            if (failed(inbox, String.valueOf(e.getMessage()))) {
                LOG.warn("Mailbox {} cannot be read: {}", inbox.name(), e.toString().replaceAll("\\s+", " "));
            }
            return TaskOutcome.runAgainAt(next, checkpoint.data());
        }
    }

    /**
     * Waits on the open folder with IMAP IDLE until the server reports a change or {@code wait} has passed. True if the
     * mailbox may hold news: it changed during the wait, or holds other than the {@code known} messages. False once the
     * wait passed quietly, or the bundle stops. A message that arrives just before the IDLE command begins is announced
     * by some servers only at the next command, so the wait is cut into slices (a delayed task ends each: any other use
     * of the folder ends an IDLE), and the count is looked at between them.
     */
    private boolean waitForNews(IMAPFolder folder, int known, Duration wait) throws MessagingException {
        long until = System.nanoTime() + wait.toNanos();
        while (!stopping && System.nanoTime() < until) {
            if (folder.getMessageCount() != known) {
                return true;
            }
            Idle idle = new Idle(folder, System.nanoTime(), new AtomicBoolean());
            idling.add(idle);
            if (stopping) {
                idling.remove(idle);
                return false;
            }
            long slice = Math.min(until - System.nanoTime(), IDLE_SLICE.toNanos());
            CompletableFuture<Void> deadline = CompletableFuture.runAsync(idle::abort,
                    CompletableFuture.delayedExecutor(Math.max(0, slice), TimeUnit.NANOSECONDS));
            try {
                folder.idle(true);
            } finally {
                deadline.cancel(false);
                idling.remove(idle);
            }
            if (!idle.aborted().get()) {
                return !stopping && folder.isOpen();
            }
        }
        return false;
    }

    /** A folder in IDLE since a moment (System.nanoTime), and whether its wait was ended from outside. */
    private record Idle(Folder folder, long since, AtomicBoolean aborted) {
        /**
         * Ends the wait by using the folder from this thread. The mail library leaves a connection used in the last second
         * alone, so an IDLE younger than that is left to reach it first.
         */
        void abort() {
            aborted.set(true);
            long youngFor = since + TimeUnit.MILLISECONDS.toNanos(1100) - System.nanoTime();
            if (youngFor > 0) {
                LockSupport.parkNanos(youngFor);
            }
            try {
                folder.getMessageCount();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("Ending an IDLE: {}", e.toString());
            }
        }
    }

    /** Whether a read on this node is waiting for new mail (for tests). */
    boolean isIdling() {
        return !idling.isEmpty();
    }

    @Deactivate
    void stop() {
        stopping = true;
        idling.forEach(Idle::abort);
    }

    /** Notes what went wrong; true if it is news (logged once, not at every read while a server is away). */
    private boolean failed(Inbox inbox, String error) {
        return !error.equals(lastErrors.put(inbox.name(), error));
    }

    private Checkpoint read(Inbox inbox, UIDFolder uids, Folder folder, Checkpoint checkpoint, TaskRun run) throws MessagingException {
        long validity = uids.getUIDValidity();
        // A new UIDVALIDITY numbers the folder anew: read it all again; the notes of handled ids keep repeats out.
        long lastUid = validity == checkpoint.uidValidity() ? checkpoint.lastUid() : 0;
        List<Message> batch = new ArrayList<>();
        boolean more = false;
        for (Message m : uids.getMessagesByUID(lastUid + 1, UIDFolder.LASTUID)) {
            if (uids.getUID(m) <= lastUid) {
                continue; // an empty range answers with the last message
            }
            if (batch.size() == BATCH) {
                more = true;
                break;
            }
            batch.add(m);
        }
        // Sizes and flags of the whole batch in one command; each message's content is then one more.
        FetchProfile sizesAndFlags = new FetchProfile();
        sizesAndFlags.add(FetchProfile.Item.SIZE);
        sizesAndFlags.add(FetchProfile.Item.FLAGS);
        sizesAndFlags.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(batch.toArray(Message[]::new), sizesAndFlags);
        List<Message> handled = new ArrayList<>();
        try {
            for (Message m : batch) {
                long uid = uids.getUID(m);
                if (run.stopRequested()) {
                    return new Checkpoint(validity, lastUid, true);
                }
                try {
                    if (m.getSize() > inbox.maxMessageBytes()) {
                        LOG.warn("Mailbox {}: message {} of {} bytes is larger than allowed; left in the mailbox", inbox.name(), uid, m.getSize());
                    } else {
                        handOver(inbox, validity, uid, m);
                        handled.add(m);
                    }
                } catch (HandlerFailed e) {
                    throw e.at(new Checkpoint(validity, lastUid, false));
                } catch (MessagingException | IOException | RuntimeException e) {
                    LOG.warn("Mailbox {}: message {} cannot be read and is skipped: {}", inbox.name(), uid, e.toString());
                }
                lastUid = uid;
            }
        } finally {
            markSeen(inbox, folder, handled);
        }
        return new Checkpoint(validity, lastUid, more);
    }

    /** Flags what was handed over as seen, in one command: for people who look at the mailbox (repeats are kept out by the notes). */
    private static void markSeen(Inbox inbox, Folder folder, List<Message> handled) {
        if (handled.isEmpty()) {
            return;
        }
        try {
            folder.setFlags(handled.toArray(Message[]::new), new Flags(Flags.Flag.SEEN), true);
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("Mailbox {}: messages not flagged as seen: {}", inbox.name(), e.toString());
        }
    }

    private void handOver(Inbox inbox, long validity, long uid, Message m) throws MessagingException, IOException {
        MimeMessage copy = new MimeMessage((MimeMessage) m); // fetches the whole message once
        String fallbackId = "<" + validity + "." + uid + "@" + inbox.name() + ".rapport.invalid>";
        IncomingMail mail = IncomingParser.parse(inbox.name(), copy, fallbackId);
        String key = inbox.name() + " " + mail.messageId();
        if (!handled(key)) {
            for (IncomingMailHandler handler : handlers) {
                try {
                    handler.handle(mail);
                } catch (Exception e) {
                    throw new HandlerFailed(handler.getClass().getName() + " failed on " + mail.messageId() + ": " + e.getMessage(), e);
                }
            }
            note(key, mail);
        }
    }

    private boolean handled(String key) {
        return records.count(Actor.system(), MailTypes.RECEIVED, Filter.eq("messageKey", key)) > 0;
    }

    private void note(String key, IncomingMail mail) {
        try {
            records.create(Actor.system(), MailTypes.RECEIVED, Map.of("messageKey", trim(key, 400), "mailbox", mail.mailbox(),
                    "messageId", trim(mail.messageId(), 300), "subject", trim(mail.subject(), 998)));
        } catch (ValidationException e) {
            // noted by another read meanwhile (unique key)
        }
    }

    private static String trim(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** How many messages of a mailbox were handled (for tests and the shell). */
    long handledCount(String mailbox) {
        return records.count(Actor.system(), MailTypes.RECEIVED, Filter.eq("mailbox", mailbox));
    }

    /** How many mailboxes are configured, and what the last read of each on this node ran into. */
    String state() {
        return inboxes.size() + " mailbox(es)" + (lastErrors.isEmpty() ? "" : "; last errors: " + lastErrors);
    }

    record Checkpoint(long uidValidity, long lastUid, boolean more) {
        static Checkpoint of(Map<String, Object> data) {
            return new Checkpoint(number(data.get("uidValidity")), number(data.get("lastUid")), false);
        }

        private static long number(Object o) {
            return o instanceof Number n ? n.longValue() : -1;
        }

        Map<String, Object> data() {
            return Map.of("uidValidity", uidValidity, "lastUid", Math.max(0, lastUid));
        }
    }

    /** A handler threw: the message and those after it wait for the next read. */
    private static final class HandlerFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private transient Checkpoint checkpoint;

        HandlerFailed(String message, Throwable cause) {
            super(message, cause);
        }

        HandlerFailed at(Checkpoint c) {
            this.checkpoint = c;
            return this;
        }
    }
}
