package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * Kura also runs on Java 8, where edgepki cannot: on such a gateway the deployment package's bundles must refuse to
 * resolve, each saying it needs Java 17, rather than fail later with a class version error. The framework here is
 * Kura 5.5's stack told that the VM offers only the Java 8 execution environments (a Java 8 VM cannot run this test
 * itself; the resolver judges the {@code osgi.ee} capabilities, which is all that differs for the bundles).
 */
@RunWith(KuraProfile.KuraOnly.class)
@ExamReactorStrategy(PerClass.class)
public class KuraJava8Test {
    /** What Equinox offers on a Java 8 VM. */
    private static final String JAVA_8_EXECUTION_ENVIRONMENTS =
            "osgi.ee; osgi.ee=\"OSGi/Minimum\"; version:List<Version>=\"1.0, 1.1, 1.2\","
                    + "osgi.ee; osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8\","
                    + "osgi.ee; osgi.ee=\"JavaSE/compact1\"; version:List<Version>=\"1.8\","
                    + "osgi.ee; osgi.ee=\"JavaSE/compact2\"; version:List<Version>=\"1.8\","
                    + "osgi.ee; osgi.ee=\"JavaSE/compact3\"; version:List<Version>=\"1.8\"";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        if (!KuraProfile.onKura()) {
            return new Option[0]; // skipped before any framework starts (KuraOnly)
        }
        return KuraProfile.options(EdgePkiRuntime.newStateDirectory("kura-java8"), false,
                frameworkProperty("org.osgi.framework.system.capabilities").value(JAVA_8_EXECUTION_ENVIRONMENTS));
    }

    @Test
    public void on_java_8_every_edgepki_bundle_refuses_to_resolve_and_names_java_17() throws Exception {
        DeploymentPackage installed;
        try (Services services = new Services(context);
                InputStream dp = Files.newInputStream(KuraProfile.file("org.edgepki.kura.dp"))) {
            installed = services.get(DeploymentAdmin.class).installDeploymentPackage(dp);
        }
        assertNotNull(installed);
        List<String> refusals = new ArrayList<>();
        for (var info : installed.getBundleInfos()) {
            Bundle bundle = installed.getBundle(info.getSymbolicName());
            if (!info.getSymbolicName().startsWith("org.edgepki.")
                    || bundle.getHeaders("").get("Fragment-Host") != null) {
                continue; // the PKCS#11 wrapper runs on Java 8; the fragment has no code
            }
            assertEquals(info.getSymbolicName() + " is not resolved", Bundle.INSTALLED, bundle.getState());
            try {
                bundle.start();
                refusals.add(info.getSymbolicName() + " started");
            } catch (BundleException refused) {
                refusals.add(refused.getMessage());
            }
        }
        assertEquals("the package's 13 code bundles: " + refusals, 13, refusals.size());
        for (String refusal : refusals) {
            assertTrue(refusal, refusal.contains("Unresolved requirement: Require-Capability: osgi.ee")
                    && refusal.contains("(osgi.ee=JavaSE)(version=17)"));
        }
    }
}
