package org.edgepki.tools.demo;

import java.security.cert.X509Certificate;

/**
 * The intermediate CA and the root above it, for the steps the intermediate signs.
 *
 * @param intermediate the intermediate's certificate and key
 * @param root the root's certificate
 */
record IssuingChain(Credential intermediate, X509Certificate root) {
}
