package org.rapportcrm.social.api;

import java.time.Duration;
import java.util.List;

/**
 * A channel as an administrator configured it, with its credential: what an adapter needs to connect.
 *
 * @param id the channel record's id
 * @param baseUrl the network's API root ({@code https://mastodon.social})
 * @param accessToken the secret the network gave (never shown back through the API); null if none was set
 * @param keywords words and hashtags the channel listens for, lower case, without {@code #}
 * @param pollInterval how often an adapter that polls (a feed) looks for new posts (since 1.1)
 */
public record ChannelSettings(String id, String network, String name, String baseUrl, String accessToken, List<String> keywords,
        Duration pollInterval) {
    /** The default interval of a channel that polls: 15 minutes. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(15);

    public ChannelSettings {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    }

    /** Settings with the default poll interval (the 1.0 constructor). */
    public ChannelSettings(String id, String network, String name, String baseUrl, String accessToken, List<String> keywords) {
        this(id, network, name, baseUrl, accessToken, keywords, null);
    }

    @Override
    public String toString() {
        // Never log the token.
        return "ChannelSettings[" + network + " " + name + " at " + baseUrl + "]";
    }
}
