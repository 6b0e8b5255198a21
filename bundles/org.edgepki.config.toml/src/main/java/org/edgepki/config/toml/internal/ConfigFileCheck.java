package org.edgepki.config.toml.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.common.files.FilePermissionFindings;
import org.edgepki.common.files.StateHome;
import org.edgepki.config.toml.internal.apply.ConfigurationPlan;
import org.edgepki.config.toml.internal.apply.SecretReferences;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.edgepki.config.toml.internal.schema.Problem;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Check: the config.toml the runtime applies is well formed. Errors mean the runtime still runs on
 * the last good configuration; warnings name keys that are ignored or unknown. A config.toml that
 * holds a password or PIN, and Config Admin's directory, must be the owner's alone.
 */
@Component(service = Check.class, property = Check.ID + "=" + ConfigFileCheck.ID)
public final class ConfigFileCheck implements Check {
    static final String ID = "config-well-formed";

    @Reference
    private ConfigTomlAdapter adapter;
    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        context = bundleContext;
    }

    @Override
    public List<Finding> run() {
        Path file = adapter.file();
        if (!Files.exists(file)) {
            return List.of(Finding.warning(ID, file.toString(), "there is no config.toml; Config Admin alone configures edgepki",
                    "write " + file + " (runtime-config/config.template.toml documents every key)"));
        }
        ConfigReader.Result result = ConfigReader.read(file);
        List<Finding> findings = new ArrayList<>();
        for (Problem problem : result.problems().all()) {
            String where = problem.location();
            String what = (problem.keyPath().isEmpty() ? "" : problem.keyPath() + ": ") + problem.message();
            switch (problem.severity()) {
                case ERROR -> findings.add(Finding.error(ID, where, what + " (the runtime keeps its last good configuration)",
                        "correct " + file + " as the message says; edgepki config check " + file + " lists every error"));
                case WARNING -> findings.add(Finding.warning(ID, where, what,
                        "remove or correct the key in " + file));
                case NOTICE -> { }
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(ID, file.toString(), "well formed"));
        }
        findings.addAll(permissionFindings(file, result, configAdminDirectory()));
        return findings;
    }

    /**
     * @param file the config.toml
     * @param read what it holds
     * @param configAdmin Config Admin's directory, or null
     * @return an error for a config.toml with a password or PIN (or unreadable ones) that others can read, and for a
     *     Config Admin directory others can enter
     */
    static List<Finding> permissionFindings(Path file, ConfigReader.Result read, Path configAdmin) {
        List<Finding> findings = new ArrayList<>();
        boolean holdsSecrets = read.config().map(config -> !SecretReferences.of(ConfigurationPlan.of(config),
                (purpose, secret) -> Path.of("/", purpose)).files().isEmpty()).orElse(true);
        if (holdsSecrets) {
            FilePermissionFindings.openToOthers(ID, file, "its passwords and PINs").ifPresent(findings::add);
        }
        if (configAdmin != null) {
            FilePermissionFindings.openToOthers(ID, configAdmin, "every configuration, and any password an operator"
                    + " typed into one").ifPresent(findings::add);
        }
        return findings;
    }

    /** Felix Config Admin's directory ({@code felix.cm.dir}), else the launcher's {@code <home>/config}. */
    private Path configAdminDirectory() {
        String configured = context.getProperty("felix.cm.dir");
        Path directory = configured != null && !configured.isBlank() ? Path.of(configured)
                : StateHome.resolve(null, context::getProperty).resolve("config");
        return Files.isDirectory(directory) ? directory : null;
    }
}
