package org.edgepki.shell.internal;

import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.edgepki.common.files.StateHome;
import org.edgepki.shell.internal.demo.DemoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Gogo command {@code edgepki:demo <step> [name] [options]}: the demo certificate tool, writing
 * into {@code <home>/demo-certs} unless {@code --dir} says otherwise.
 */
@Component(service = DemoCommands.class, property = {"osgi.command.scope=edgepki", "osgi.command.function=demo"})
public final class DemoCommands {
    private DemoCommand tool;

    @Activate
    void activate(BundleContext context) {
        tool = new DemoCommand(StateHome.resolve(null, context::getProperty).resolve("demo-certs"));
    }

    /** {@code edgepki:demo help} prints the steps, options and files. */
    @Descriptor("creates demo certificates: root, intermediate, edge-ca <name>, device <id>, verification <code>, all <name>")
    public String demo(@Descriptor("step, name and options; 'help' lists them") String... arguments) {
        try {
            return tool.run(List.of(arguments));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }
}
