package org.edgepki.api.config;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The configuration file in force ({@code config.toml}), applied when an operator asks: what
 * {@code edgepki:apply} and {@code edgepki config apply} do after the file was edited. A file with
 * any error changes nothing; the configuration in force stays.
 */
@ProviderType
public interface ConfigFileService {
    /**
     * Reads the file now and applies it, or with {@code dryRun} only works out what would change.
     *
     * @param dryRun true to write nothing
     * @return what happened, as the operator's commands print it
     * @throws InterruptedException if interrupted while the file is being applied
     */
    Applied apply(boolean dryRun) throws InterruptedException;

    /**
     * What applying the file did.
     *
     * @param accepted true when the file was accepted (applied, already in force, or a dry run), false
     *     when it was rejected or could not be written (nothing changed)
     * @param report the outcome, each finding and each change, one per line; never a secret
     */
    record Applied(boolean accepted, String report) {
    }
}
