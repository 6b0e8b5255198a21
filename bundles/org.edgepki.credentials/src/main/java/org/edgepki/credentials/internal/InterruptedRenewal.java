package org.edgepki.credentials.internal;

import java.util.Optional;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.EdgePkiException;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.cert.StoredCertificate;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyService;
import org.edgepki.common.crypto.PublicKeyMatch;

/**
 * Completes or rolls back a renewal that was interrupted (a crash, a kill, a failed attempt). A
 * renewal keeps its new key and chain under {@code <id>-temp} until it commits them by renaming the
 * key, then the chain, over the old ones. What is found decides:
 * <ul>
 * <li>a temporary key and no temporary chain: the old pair is whole; the key goes;</li>
 * <li>a temporary chain for the temporary key: the new pair is whole; both renames are made;</li>
 * <li>a temporary chain for the key already renamed: the chain's rename is made;</li>
 * <li>anything else (a chain for no key we have): the temporary files go.</li>
 * </ul>
 * Every step is one atomic store operation and each decision is taken on what is stored, so the
 * recovery may itself be interrupted and run again, and may meet a renewal's commit under way: either
 * way a matching pair is left under the id.
 */
final class InterruptedRenewal {
    /** What a recovery did. */
    enum Outcome {
        /** There was no interrupted renewal. */
        NOTHING,
        /** The interrupted renewal was committed: the new pair is in use. */
        COMPLETED,
        /** The interrupted renewal was undone: the old pair stays. */
        ROLLED_BACK
    }

    /** A recovery that races another one sees a step fail, at most once per step of the commit. */
    private static final int PASSES = 3;

    private InterruptedRenewal() {
    }

    /** @return the id a renewal of {@code id} keeps its new key and chain under */
    static String temporaryId(String id) {
        return id + CredentialIds.TEMP_SUFFIX;
    }

    /**
     * @param keys the key service
     * @param certs the certificate service
     * @param id the credential's certificate and key id
     * @return what was done
     * @throws EdgePkiException if a store cannot be read or written; nothing is lost, and the
     *     recovery may be run again
     */
    static Outcome recover(KeyService keys, CertificateService certs, String id) throws EdgePkiException {
        for (int pass = 1;; pass++) {
            try {
                return recoverOnce(keys, certs, id);
            } catch (EdgePkiException e) {
                // Another caller may have made a step first (the source of a rename is gone): look again.
                if (pass == PASSES) {
                    throw e;
                }
            }
        }
    }

    private static Outcome recoverOnce(KeyService keys, CertificateService certs, String id) throws EdgePkiException {
        String temp = temporaryId(id);
        Optional<StoredCertificate> newChain = certs.find(temp);
        Optional<KeyPairInfo> newKey = keys.find(temp);
        if (newChain.isEmpty()) {
            if (newKey.isEmpty()) {
                return Outcome.NOTHING;
            }
            keys.delete(temp); // interrupted before a certificate was stored: the old pair is whole
            return Outcome.ROLLED_BACK;
        }
        if (newKey.isPresent() && PublicKeyMatch.sameKey(newChain.get().leaf().getPublicKey(), newKey.get().publicKey())) {
            keys.move(temp, id);
            certs.move(temp, id);
            return Outcome.COMPLETED;
        }
        Optional<KeyPairInfo> key = keys.find(id);
        if (newKey.isEmpty() && key.isPresent()
                && PublicKeyMatch.sameKey(newChain.get().leaf().getPublicKey(), key.get().publicKey())) {
            certs.move(temp, id); // interrupted between the key's rename and the chain's
            return Outcome.COMPLETED;
        }
        certs.delete(temp);
        if (newKey.isPresent()) {
            keys.delete(temp);
        }
        return Outcome.ROLLED_BACK;
    }
}
