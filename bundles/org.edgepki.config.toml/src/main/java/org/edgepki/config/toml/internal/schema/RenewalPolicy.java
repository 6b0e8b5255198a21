package org.edgepki.config.toml.internal.schema;

import org.edgepki.api.credential.RenewalTime;

/**
 * An {@code auto_renew} table.
 *
 * @param rotateKey whether renewal makes a new key
 * @param threshold when renewal starts
 * @param retry how often a failed renewal is tried again
 */
public record RenewalPolicy(boolean rotateKey, RenewalTime threshold, RenewalTime retry) {
    /** IoT Edge's default for the Edge CA: rotate the key, renew at 80 %, retry every 4 %. */
    public static final RenewalPolicy EDGE_CA_DEFAULT = new RenewalPolicy(true, RenewalTime.percent(80),
            RenewalTime.percent(4));
}
