package org.rapportcrm.social.api;

import java.time.Instant;

/**
 * A post as a network delivered it, before the capability stores it.
 *
 * @param networkId the network's id of the post, unique within the network
 * @param inReplyToNetworkId the network id of the post it answers, or null
 * @param html the content as the network sent it (HTML is stripped before storing and scoring)
 * @param url the post's public address, or null
 * @param language the language the network or author declared (ISO 639-1), or null to detect it
 * @param author who wrote it
 */
public record InboundPost(String networkId, String inReplyToNetworkId, Instant createdAt, String html, String url, String language,
        Author author) {

    /**
     * The author's account on the network.
     *
     * @param handle the account as the network addresses it ({@code user@domain} on Mastodon)
     * @param email an e-mail address the profile shows, or null
     */
    public record Author(String networkId, String handle, String displayName, String url, String email) {
    }
}
