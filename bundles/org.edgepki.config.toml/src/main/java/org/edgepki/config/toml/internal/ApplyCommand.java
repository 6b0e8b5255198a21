package org.edgepki.config.toml.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code edgepki:apply [--dry-run]}: applies the config.toml now, or with
 * {@code --dry-run} prints what would change without writing anything.
 */
@Component(service = ApplyCommand.class, property = {"osgi.command.scope=edgepki", "osgi.command.function=apply"})
public final class ApplyCommand {

    @Reference
    private ConfigTomlAdapter adapter;

    /** {@code edgepki:apply}: reads and applies the file now. */
    public String apply() throws InterruptedException {
        return adapter.apply(false).report();
    }

    /** {@code edgepki:apply --dry-run}: prints the difference, writes nothing. */
    public String apply(String option) throws InterruptedException {
        if (!option.equals("--dry-run") && !option.equals("-n")) {
            return "usage: edgepki:apply [--dry-run]  (unknown option '" + option + "')";
        }
        return adapter.apply(true).report();
    }
}
