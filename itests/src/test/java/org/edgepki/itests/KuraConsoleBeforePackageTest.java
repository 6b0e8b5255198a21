package org.edgepki.itests;

import static org.edgepki.itests.KuraGateway.CERTIFICATES;
import static org.edgepki.itests.KuraGateway.awaitTrue;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A Kura 5.5 gateway whose operator added Felix Web Console 4 before the edgepki package came: the package's fragment
 * cannot attach to a console that is already resolved, and Web Console 4 on Equinox answers every page with 500 (see
 * {@code org.edgepki.webconsole4.configadmin}). The check says so and how to fix it; the operator's fix, {@code refresh}
 * in the OSGi console, makes the pages work.
 */
@RunWith(KuraProfile.KuraOnly.class)
@ExamReactorStrategy(PerClass.class)
public class KuraConsoleBeforePackageTest {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        if (!KuraProfile.onKura()) {
            return new Option[0]; // skipped before any framework starts (KuraOnly)
        }
        return KuraProfile.options(EdgePkiRuntime.newStateDirectory("kura-console-first"), true);
    }

    @Test
    public void the_console_pages_work_after_the_refresh_the_check_asks_for() throws Exception {
        try (KuraGateway gateway = new KuraGateway(context)) {
            gateway.installPackage();
            CommandProcessor shell = gateway.services().get(CommandProcessor.class);
            Bundle console = gateway.webConsole();
            String finding = KuraGateway.webConsoleFinding(Gogo.run(shell, "edgepki:check"));
            assertTrue(finding, finding.startsWith("ERROR"));
            assertTrue(finding, finding.contains("fix: refresh the Web Console in the OSGi console (refresh "
                    + console.getBundleId() + ")"));
            KuraGateway.Response[] before = new KuraGateway.Response[1];
            awaitTrue("the console answers", () -> (before[0] = gateway.get(CERTIFICATES)).status() != 0);
            assertEquals("the pages answer 500 until then", 500, before[0].status());

            Gogo.run(shell, "refresh " + console.getBundleId());

            awaitTrue("the Certificates page lists the Edge CA", () -> {
                KuraGateway.Response page = gateway.get(CERTIFICATES);
                return page.status() == 200 && page.text().contains("<tr data-id=\"aziot-edged-ca\">");
            });
            assertTrue(finding = KuraGateway.webConsoleFinding(Gogo.run(shell, "edgepki:check")),
                    finding.startsWith("OK"));
            assertEquals("the fragment is attached", Bundle.RESOLVED,
                    gateway.installedPackage().getBundle(KuraProfile.WEBCONSOLE_FRAGMENT).getState());
        }
    }
}
