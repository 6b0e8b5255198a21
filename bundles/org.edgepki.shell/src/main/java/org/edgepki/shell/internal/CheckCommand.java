package org.edgepki.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.edgepki.api.check.CheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Gogo command {@code edgepki:check [--json]}: runs every production readiness check. */
@Component(service = CheckCommand.class,
        property = {"osgi.command.scope=edgepki", "osgi.command.function=check"})
public final class CheckCommand {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CheckService checks;

    /** {@code edgepki:check [--json]}. */
    @Descriptor("runs every production readiness check: each finding says how to fix it")
    public String check(@Descriptor("print JSON instead of text")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws InterruptedException {
        CheckService runner = checks;
        if (runner == null) {
            throw new CommandFailure("the check runner is not running; start bundle org.edgepki.shell");
        }
        return json ? CheckReportFormat.json(runner.run()) : CheckReportFormat.text(runner.run());
    }
}
