package org.edgepki.config.toml.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.edgepki.config.toml.internal.schema.Problem;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Check: the config.toml the runtime applies is well formed. Errors mean the runtime still runs on
 * the last good configuration; warnings name keys that are ignored or unknown.
 */
@Component(service = Check.class, property = Check.ID + "=" + ConfigFileCheck.ID)
public final class ConfigFileCheck implements Check {
    static final String ID = "config-well-formed";

    @Reference
    private ConfigTomlAdapter adapter;

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
        return findings;
    }
}
