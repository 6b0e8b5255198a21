package org.edgepki.credentials.internal;

/**
 * What the credential service learns from the {@code org.edgepki.credential} configurations
 * ({@link CredentialConfiguration}); a service private to this bundle.
 */
interface CredentialRegistry {

    /** A configuration was created or changed: the credential is managed by these settings now. */
    void configured(String pid, ManagedCredential credential);

    /** A configuration was deleted: its credential is no longer managed (the Edge CA goes back to its default). */
    void removed(String pid);
}
