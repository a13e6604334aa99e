package org.rapportcrm.platform.api.cluster;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Small settings every node of a cluster shares, kept in Rapport's database, such as which capabilities are installed:
 * string values by key within a scope. Unlike ConfigAdmin files, which each node has its own copy of, a setting put
 * here is the same for every node, and each change is {@linkplain ClusterChanges published} on the topic named like its
 * scope with the key as payload, so other nodes' {@link ClusterChangeListener}s of that topic hear of it.
 *
 * <p>Called inside the platform's transaction, {@link #put} joins it.
 */
@ProviderType
public interface SharedSettings {
    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 200;

    /** The longest value, in characters. */
    int MAX_VALUE_LENGTH = 4000;

    /**
     * Every setting of the scope, by key.
     *
     * @param scope as a {@linkplain ClusterChanges#TOPIC topic}: the owner's prefix and a name, {@code rapport.capabilities}
     */
    Map<String, String> get(String scope);

    /**
     * Sets {@code key} to {@code value} in {@code scope}, or removes it when {@code value} is null, and tells the other
     * nodes.
     *
     * @throws IllegalArgumentException for a scope that is not a topic name, an empty or too long key, or a too long value
     */
    void put(String scope, String key, String value);
}
