package org.rapportcrm.platform.core.internal.event;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one extension's listener on a thread of its own, in the order the calls were handed over, from a bounded
 * queue: a slow or failing listener holds up nobody else. A call that overruns the time limit is interrupted, and
 * every failure is logged with the listener's bundle.
 */
public final class ListenerQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerQueue.class);

    /** A call of the listener. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    private final Supplier<?> listener;
    private final String bundle;
    private final long timeLimitMillis;
    private final ScheduledExecutorService watchdog;
    private final ThreadPoolExecutor executor;

    /**
     * @param listener the listener, for log lines
     * @param bundle the listener's bundle, for log lines and the thread's name
     * @param watchdog interrupts calls over the time limit; shared by the queues of one owner
     */
    public ListenerQueue(String threadPrefix, Supplier<?> listener, String bundle, int capacity, long timeLimitMillis,
            ScheduledExecutorService watchdog) {
        this.listener = listener;
        this.bundle = bundle;
        this.timeLimitMillis = timeLimitMillis;
        this.watchdog = watchdog;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, threadPrefix + bundle);
            t.setDaemon(true);
            return t;
        });
    }

    public String bundle() {
        return bundle;
    }

    /**
     * Queues {@code delivery}, which calls the listener through {@link #call}.
     *
     * @return false if the queue is full or shut down, and {@code delivery} was dropped
     */
    public boolean offer(Runnable delivery) {
        try {
            executor.execute(delivery);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    public boolean isShutdown() {
        return executor.isShutdown();
    }

    /** Calls the listener on this queue's thread, interrupting it after the time limit and logging what it throws. */
    public void call(String what, Call call) {
        Thread worker = Thread.currentThread();
        Object guard = new Object();
        boolean[] finished = {false};
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            synchronized (guard) {
                if (!finished[0]) {
                    LOG.error("Listener {} of bundle {} took longer than {} ms on {}: interrupted", listener.get(), bundle, timeLimitMillis, what);
                    worker.interrupt();
                }
            }
        }, timeLimitMillis, TimeUnit.MILLISECONDS);
        try {
            call.run();
        } catch (Exception e) {
            LOG.error("Listener {} of bundle {} failed on {}", listener.get(), bundle, what, e);
        } finally {
            synchronized (guard) {
                finished[0] = true;
            }
            alarm.cancel(false);
            Thread.interrupted(); // an interrupt meant for this call must not reach the next one
        }
    }

    /** Drops what is queued and interrupts a running call. */
    public void shutdown() {
        executor.shutdownNow();
    }
}
