package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Every configuration edgepki reads has Metatype, with the OCD id equal to the PID as Kura expects,
 * so Kura's and the Web Console's configuration screens can edit edgepki without config.toml: the
 * PIDs of the README's table, and every configuration a real config.toml becomes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetatypeTest extends RuntimeTest {
    private static final Set<String> PIDS = Set.of("org.edgepki.edge", "org.edgepki.keystore", "org.edgepki.keystore.file",
            "org.edgepki.certstore", "org.edgepki.pkcs11", "org.edgepki.issuer.est", "org.edgepki.issuer.local.localca",
            "org.edgepki.issuer.local.selfsigned", "org.edgepki.credentials", "org.edgepki.config.toml",
            "org.edgepki.authorization");
    private static final String CREDENTIAL_FACTORY = "org.edgepki.credential";

    @Configuration
    public Option[] config() throws Exception {
        java.nio.file.Path home = EdgePkiRuntime.newStateDirectory("metatype");
        Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"gw-meta\"\n\n[provisioning]\nsource = \"manual\"\n"
                + "iothub_hostname = \"hub.azure-devices.net\"\ndevice_id = \"gw-meta\"\n\n[provisioning.authentication]\n"
                + "method = \"x509\"\nidentity_cert = { method = \"local_ca\", common_name = \"gw-meta\" }\n\n"
                + "[cert_issuance.local_ca]\ncert = \"file:///nonexistent/ca.pem\"\npk = \"file:///nonexistent/ca.key.pem\"\n");
        return new Option[] {EdgePkiRuntime.options(home)};
    }

    @Test
    public void every_pid_edgepki_reads_has_an_ocd_with_the_pid_as_id_and_every_property_written_is_in_it() throws Exception {
        Map<String, Set<String>> attributes = new TreeMap<>();
        Set<String> factoryPids = new TreeSet<>();
        MetaTypeService metatype = services().get(MetaTypeService.class);
        for (Bundle bundle : context.getBundles()) {
            if (!bundle.getSymbolicName().startsWith("org.edgepki.")) {
                continue;
            }
            MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
            for (String pid : concat(information.getPids(), information.getFactoryPids())) {
                ObjectClassDefinition ocd = information.getObjectClassDefinition(pid, null);
                assertEquals("Kura wants the OCD id to be the PID", pid, ocd.getID());
                Set<String> ids = new TreeSet<>();
                Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).forEach(ad -> ids.add(ad.getID()));
                attributes.put(pid, ids);
            }
            factoryPids.addAll(Arrays.asList(information.getFactoryPids()));
        }
        assertTrue("designated: " + attributes.keySet(), attributes.keySet().containsAll(PIDS));
        assertEquals(Set.of(CREDENTIAL_FACTORY), factoryPids);

        ConfigurationAdmin configAdmin = services().get(ConfigurationAdmin.class);
        awaitTrue("config.toml wrote the device identity's credential", () -> {
            org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations("(service.factoryPid=" + CREDENTIAL_FACTORY + ")");
            return found != null && found.length > 0;
        });
        for (org.osgi.service.cm.Configuration configuration : configAdmin.listConfigurations("(service.pid=org.edgepki.*)")) {
            String pid = configuration.getFactoryPid() != null ? configuration.getFactoryPid() : configuration.getPid();
            Set<String> known = attributes.get(pid);
            assertTrue(pid + " has no Metatype; designated: " + attributes.keySet(), known != null);
            for (String key : Collections.list(configuration.getProperties().keys())) {
                // service.*, felix.* and edgepki.* are bookkeeping (edgepki.config.source: written by config.toml)
                if (!key.startsWith("service.") && !key.startsWith("felix.") && !key.startsWith("edgepki.")) {
                    assertTrue(key + " of " + configuration.getPid() + " is not in the OCD " + known, known.contains(key));
                }
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a == null ? new String[0] : a, (a == null ? 0 : a.length) + (b == null ? 0 : b.length));
        if (b != null) {
            System.arraycopy(b, 0, all, all.length - b.length, b.length);
        }
        return all;
    }
}
