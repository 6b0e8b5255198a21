package org.edgepki.api.key;

/**
 * EventAdmin topics and properties posted by the key service and by key providers. Events carry
 * key ids only, never key material or PINs.
 *
 * @since 1.1
 */
public final class KeyEvents {
    /** Topic prefix of all key service events. */
    public static final String TOPIC_PREFIX = "org/edgepki/key/";
    /**
     * Where keys are looked up changed (the key service or a key provider was reconfigured, say
     * with another token or PIN): keys may now be found elsewhere, or not at all, and holders of a
     * key should check it again.
     */
    public static final String TOPIC_ROUTES_CHANGED = TOPIC_PREFIX + "ROUTES_CHANGED";
    /** Event property: the preloaded key ids added, removed or moved ({@code String[]}). */
    public static final String KEY_IDS = "key.ids";
    /** Event property: whether the base provider (where non-preloaded keys live) changed ({@code Boolean}). */
    public static final String BASE_CHANGED = "base.changed";

    private KeyEvents() {
    }
}
