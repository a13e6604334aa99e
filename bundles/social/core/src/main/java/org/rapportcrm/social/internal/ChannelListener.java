package org.rapportcrm.social.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.ListenContext;
import org.rapportcrm.social.api.RateLimitedException;
import org.rapportcrm.social.api.SocialChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who listens: each enabled channel is one task instance of the clustered scheduler (instance id = channel id), so
 * exactly one node streams a channel at a time and another takes over within seconds when that node dies. A run
 * listens for one turn ({@code listenTurnSeconds}), then hands back and is due again at once, reading the channel's
 * settings anew; a rate limit moves the next run to the network's reset time; failures back off up to five minutes.
 * When the bundle stops, every stream this node holds is closed and its run ends at once.
 */
@Component(service = {ScheduledTaskHandler.class, ChannelListener.class}, configurationPid = SocialConfig.PID)
public class ChannelListener implements ScheduledTaskHandler {
    static final String NAME = "social.listen";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);
    private static final Duration NO_ADAPTER_RETRY = Duration.ofMinutes(1);

    private final ChannelStore channels;
    private final PostIngest ingest;
    private final Duration turn;
    private final Map<String, SocialChannel> adapters = new ConcurrentHashMap<>();
    private final Map<String, Turn> listening = new ConcurrentHashMap<>();
    private volatile boolean deactivated;

    @Activate
    public ChannelListener(@Reference ChannelStore channels, @Reference PostIngest ingest, SocialConfig config) {
        this.channels = channels;
        this.ingest = ingest;
        this.turn = Duration.ofSeconds(Math.max(5, config.listenTurnSeconds()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addAdapter(SocialChannel adapter) {
        adapters.put(adapter.network(), adapter);
    }

    void removeAdapter(SocialChannel adapter) {
        adapters.remove(adapter.network(), adapter);
        listening.values().stream().filter(t -> t.adapter == adapter).forEach(Turn::stop);
    }

    List<SocialChannel> adapters() {
        return List.copyOf(adapters.values());
    }

    Optional<SocialChannel> adapter(String network) {
        return Optional.ofNullable(network == null ? null : adapters.get(network));
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
        listening.values().forEach(Turn::stop);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        Optional<Record> found = channels.channel(run.instanceId());
        if (found.isEmpty() || !Boolean.TRUE.equals(found.get().get("enabled"))) {
            return TaskOutcome.done();
        }
        Record channel = found.get();
        SocialChannel adapter = adapters.get((String) channel.get("network"));
        if (adapter == null) {
            channels.noteError((String) channel.get("stateKey"), "No adapter for the network " + channel.get("network") + " is installed");
            return TaskOutcome.runAgainAt(Instant.now().plus(NO_ADAPTER_RETRY));
        }
        Turn current = new Turn(run, channel, adapter, channels.position(channel), Instant.now().plus(turn));
        Turn previous = listening.put(channel.getId(), current);
        if (previous != null) {
            previous.stop();
        }
        int failures = run.data().get("failures") instanceof Number n ? n.intValue() : 0;
        try {
            adapter.listen(channels.settings(channel), current);
            Duration poll = current.pollInterval;
            return TaskOutcome.runAgainAt(poll == null || current.stopped ? Instant.now() : Instant.now().plus(poll), Map.of());
        } catch (RateLimitedException e) {
            channels.noteError((String) channel.get("stateKey"), e.getMessage());
            return TaskOutcome.runAgainAt(e.retryAt(), Map.of());
        } catch (Exception e) {
            if (current.stopped) {
                // Closed on purpose (bundle stop, settings changed): not a failure.
                return TaskOutcome.runAgainAt(Instant.now().plusSeconds(1), Map.of());
            }
            LOG.warn("Social channel {} ({}) failed: {}", channel.get("name"), channel.get("network"), e.toString());
            channels.noteError((String) channel.get("stateKey"), e.toString());
            Duration wait = Duration.ofSeconds(1L << Math.min(failures, 8));
            return TaskOutcome.runAgainAt(Instant.now().plus(wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait),
                    Map.of("failures", failures + 1));
        } finally {
            listening.remove(channel.getId(), current);
            current.closeAll();
        }
    }

    /** Ends this node's current turn of the channel, if it has one (its settings changed). */
    void restart(String channelId) {
        Turn t = listening.get(channelId);
        if (t != null) {
            t.stop();
        }
    }

    private final class Turn implements ListenContext {
        private final TaskRun run;
        private final Record channel;
        private final SocialChannel adapter;
        private final Instant until;
        private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
        private volatile String position;
        private volatile boolean stopped;
        private volatile Duration pollInterval;

        Turn(TaskRun run, Record channel, SocialChannel adapter, String position, Instant until) {
            this.run = run;
            this.channel = channel;
            this.adapter = adapter;
            this.position = position;
            this.until = until;
        }

        @Override
        public String position() {
            return position;
        }

        @Override
        public void accept(List<InboundPost> posts, String newPosition) {
            ingest.accept(channel, posts, newPosition);
            if (newPosition != null) {
                position = newPosition;
            }
        }

        @Override
        public void pollAgainAfter(Duration interval) {
            pollInterval = interval;
        }

        @Override
        public boolean stopRequested() {
            return stopped || deactivated || run.stopRequested() || Instant.now().isAfter(until);
        }

        @Override
        public void closeOnStop(AutoCloseable resource) {
            resources.add(resource);
            if (stopped) {
                closeAll();
            }
        }

        void stop() {
            stopped = true;
            closeAll();
        }

        void closeAll() {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.debug("Closing a stream of channel {}: {}", channel.getId(), e.toString());
                }
            }
            resources.clear();
        }
    }
}
