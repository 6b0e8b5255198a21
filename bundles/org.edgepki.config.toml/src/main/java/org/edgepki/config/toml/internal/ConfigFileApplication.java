package org.edgepki.config.toml.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.edgepki.config.toml.internal.ApplyReport.Outcome;
import org.edgepki.config.toml.internal.apply.ConfigurationApplier;
import org.edgepki.config.toml.internal.apply.ConfigurationApplier.ApplyException;
import org.edgepki.config.toml.internal.apply.ConfigurationChange;
import org.edgepki.config.toml.internal.apply.ConfigurationPlan;
import org.edgepki.config.toml.internal.apply.SecretReferences;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.edgepki.config.toml.internal.schema.IotEdgeConfig;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Reads a config.toml, and when it is valid writes its difference to Config Admin (all or nothing), with
 * its passwords and PINs in secret files that the configurations name ({@link SecretReferences}).
 */
final class ConfigFileApplication {
    private ConfigFileApplication() {
    }

    static ApplyReport run(Path file, ConfigurationAdmin configurationAdmin, SecretDirectory secrets, boolean dryRun) {
        String name = file.toString();
        ConfigReader.Result read = ConfigReader.read(file);
        if (read.config().isEmpty()) {
            return new ApplyReport(name, Outcome.REJECTED, read.problems().all(), List.of(), null);
        }
        IotEdgeConfig config = read.config().get();
        SecretReferences referenced = SecretReferences.of(ConfigurationPlan.of(config), secrets::file);
        ConfigurationApplier applier = new ConfigurationApplier(configurationAdmin);
        try {
            if (!dryRun) {
                secrets.write(referenced.files()); // before any configuration names them; a lost file comes back
            }
            List<ConfigurationChange> changes = applier.difference(referenced.plan(), name);
            List<String> lines = changes.stream().flatMap(change -> change.describe().stream()).toList();
            if (changes.isEmpty()) {
                return new ApplyReport(name, Outcome.UNCHANGED, read.problems().all(), List.of(), null);
            }
            if (dryRun) {
                return new ApplyReport(name, Outcome.DRY_RUN, read.problems().all(), lines, null);
            }
            applier.apply(changes);
            secrets.removeAllBut(referenced.files().keySet());
            return new ApplyReport(name, Outcome.APPLIED, read.problems().all(), lines, null);
        } catch (IOException e) {
            return new ApplyReport(name, Outcome.FAILED, read.problems().all(), List.of(), "writing a secret file failed ("
                    + e.getMessage() + "); nothing changed");
        } catch (ApplyException e) {
            return new ApplyReport(name, Outcome.FAILED, read.problems().all(), List.of(), e.getMessage());
        }
    }
}
