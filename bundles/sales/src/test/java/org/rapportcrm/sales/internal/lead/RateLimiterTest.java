package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(10, clock);

    @Test
    void anAddressMayPostTenTimesAtOnceThenOnceEverySixSeconds() {
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.acquire("192.0.2.1"), "post " + (i + 1));
        }
        assertEquals(6, limiter.acquire("192.0.2.1"));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(2, limiter.acquire("192.0.2.1"), "a refused post does not cost a token");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(0, limiter.acquire("192.0.2.1"));
        assertEquals(6, limiter.acquire("192.0.2.1"));
    }

    @Test
    void aQuietMinuteRefillsTheWholeBurstButNoMore() {
        for (int i = 0; i < 10; i++) {
            limiter.acquire("192.0.2.1");
        }
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.acquire("192.0.2.1"));
        }
        assertEquals(6, limiter.acquire("192.0.2.1"));
    }

    @Test
    void eachAddressHasItsOwnBucket() {
        for (int i = 0; i < 10; i++) {
            limiter.acquire("192.0.2.1");
        }
        assertEquals(6, limiter.acquire("192.0.2.1"));
        assertEquals(0, limiter.acquire("192.0.2.2"));
    }

    @Test
    void zeroPostsPerMinuteTurnsTheLimitOff() {
        RateLimiter off = new RateLimiter(0, clock);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, off.acquire("192.0.2.1"));
        }
    }
}
