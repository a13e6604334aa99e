package org.rapportcrm.social.api;

import java.util.List;

/**
 * A channel as an administrator configured it, with its credential: what an adapter needs to connect.
 *
 * @param id the channel record's id
 * @param baseUrl the network's API root ({@code https://mastodon.social})
 * @param accessToken the secret the network gave (never shown back through the API); null if none was set
 * @param keywords words and hashtags the channel listens for, lower case, without {@code #}
 */
public record ChannelSettings(String id, String network, String name, String baseUrl, String accessToken, List<String> keywords) {
    public ChannelSettings {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    @Override
    public String toString() {
        // Never log the token.
        return "ChannelSettings[" + network + " " + name + " at " + baseUrl + "]";
    }
}
