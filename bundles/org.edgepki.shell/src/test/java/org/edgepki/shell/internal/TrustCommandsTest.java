package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.edgepki.api.cert.CertificateStoreException;
import org.junit.jupiter.api.Test;

/** {@code edgepki:trust install|status} as Gogo calls it, on a temporary OS trust store ({@link FakeDebianHost}). */
class TrustCommandsTest extends OsTrustStoreFixture {
    private TrustCommands commands(List<X509Certificate> trustBundle) {
        return new TrustCommands(host.store(), () -> trustBundle);
    }

    @Test
    void status_lists_each_root_with_its_file_whether_it_is_installed_and_whether_the_os_bundle_holds_it()
            throws Exception {
        TrustCommands trust = commands(trustBundle());
        String user = OsTrustStore.fileName(userRoot.certificate());
        String edge = OsTrustStore.fileName(edgeRoot.certificate());

        assertEquals("OS trust store: anchors in " + host.anchors + ", bundle " + host.bundle + "\n"
                + "ROOT             FILE" + " ".repeat(user.length() - 2) + "INSTALLED  IN OS BUNDLE\n"
                + "user trust root  " + user + "  no         no\n"
                + "edge root        " + edge + "  no         no\n", trust.trust("status"));

        trust.trust("install");
        String installed = trust.trust("status");
        assertTrue(installed.contains("user trust root  " + user + "  yes        yes\n"), installed);
        assertTrue(installed.contains("edge root        " + edge + "  yes        yes\n"), installed);

        Files.writeString(host.anchors.resolve(edge), "edited\n");
        Files.delete(host.bundle);
        String edited = trust.trust("status");
        assertTrue(edited.contains("edge root        " + edge + "  no         unknown (no bundle file)\n"), edited);
    }

    @Test
    void status_shows_stale_files_and_why_install_cannot_work_on_an_unknown_os() throws Exception {
        commands(List.of(edgeRoot.certificate())).trust("install");
        Path stale = host.anchors.resolve(OsTrustStore.fileName(edgeRoot.certificate()));
        TrustCommands unknown = new TrustCommands(new OsTrustStore(host.anchors, host.bundle, "update-ca-certificates",
                List.of(), Duration.ofSeconds(5)), () -> List.of(userRoot.certificate()));

        String status = unknown.trust("status");

        assertTrue(status.contains("stale: " + stale + " (its root left the trust bundle; edgepki:trust install removes"
                + " it)\n"), status);
        assertTrue(status.endsWith("the OS trust store is unknown here (no update-ca-certificates on PATH): add the"
                + " roots edgepki:trust status lists to the OS trust store as its documentation says (Red Hat:"
                + " /etc/pki/ca-trust/source/anchors, then update-ca-trust), or set the framework properties"
                + " edgepki.os.trust.dir and edgepki.os.trust.update to this OS's anchor directory and update command\n"),
                status);
        assertEquals("OS trust store: anchors in " + host.anchors + ", bundle " + host.bundle + "\n"
                + "The trust bundle holds no root certificate yet.\n", commands(List.of()).trust("status"));
    }

    @Test
    void install_prints_what_it_wrote_removed_and_what_the_update_command_said() throws Exception {
        commands(List.of(userRoot.certificate())).trust("install");
        Path old = host.anchors.resolve(OsTrustStore.fileName(userRoot.certificate()));
        Path written = host.anchors.resolve(OsTrustStore.fileName(edgeRoot.certificate()));

        TrustCommands trust = commands(List.of(edgeCa.certificate(), edgeRoot.certificate()));
        assertEquals("written: " + written + "\nremoved: " + old + " (its root left the trust bundle)\n"
                + "update command said:\n  1 added, 0 removed; done.\n"
                + "1 root(s) of the trust bundle installed in " + host.anchors + " and " + host.bundle + "\n",
                trust.trust("install"));
        assertEquals("1 root(s) of the trust bundle already installed in " + host.anchors + " and " + host.bundle
                + "\n", trust.trust("install"));
    }

    @Test
    void errors_are_one_line_command_failures() throws Exception {
        host.updateScript("echo 'no space left' >&2\nexit 1");
        assertEquals(host.update + " exited with 1: no space left; the anchor files are in " + host.anchors
                + ": run it as root to finish", assertThrows(CommandFailure.class,
                        () -> commands(trustBundle()).trust("install")).getMessage());
        assertEquals("unknown action 'remove?': edgepki:trust install or edgepki:trust status",
                assertThrows(CommandFailure.class, () -> commands(trustBundle()).trust("remove\n")).getMessage());
        assertEquals("the trust bundle (bundle org.edgepki.certstore) is not running; start it, or wait for its update"
                + " to finish", assertThrows(CommandFailure.class,
                        () -> new TrustCommands(host.store(), null).trust("status")).getMessage());
        TrustCommands unreadable = new TrustCommands(host.store(), () -> {
            throw new CertificateStoreException("trust-bundle", "cannot be read", true, null);
        });
        assertTrue(assertThrows(CommandFailure.class, () -> unreadable.trust("install")).getMessage()
                .contains("trust-bundle"));
    }
}
