package org.edgepki.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link OsTrustStore} on real files in a temporary Debian-like layout ({@link FakeDebianHost}). */
class OsTrustStoreTest extends OsTrustStoreFixture {
    @Test
    void install_writes_each_root_as_pem_named_by_its_sha256_with_mode_0644_and_runs_the_update() throws Exception {
        OsTrustStore.Installation done = host.store().install(trustBundle());

        assertEquals(2, done.roots());
        assertEquals(2, done.written().size());
        assertEquals(Optional.of("1 added, 0 removed; done."), done.updateOutput());
        assertEquals(1, host.updateRuns());
        Map<String, Path> files = anchorFiles();
        assertEquals(List.of(name(userRoot), name(edgeRoot)).stream().sorted().toList(), List.copyOf(files.keySet()),
                "the roots only, not the Edge CA, and no temporary file left");
        for (TestRoots.Ca root : List.of(userRoot, edgeRoot)) {
            Path file = files.get(name(root));
            String text = Files.readString(file);
            assertTrue(text.startsWith("-----BEGIN CERTIFICATE-----\n"), text);
            assertTrue(text.endsWith("-----END CERTIFICATE-----\n"), text);
            assertEquals(List.of(root.certificate()), parse(file), "one certificate: the root, byte for byte");
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void install_is_idempotent_and_runs_the_update_again_only_when_the_os_bundle_lacks_a_root() throws Exception {
        OsTrustStore store = host.store();
        store.install(trustBundle());
        Map<String, Path> first = anchorFiles();
        for (Path file : first.values()) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        }

        OsTrustStore.Installation again = store.install(trustBundle());
        assertEquals(List.of(), again.written());
        assertEquals(List.of(), again.removed());
        assertEquals(Optional.empty(), again.updateOutput());
        assertEquals(1, host.updateRuns(), "nothing changed: the update command does not run again");
        assertEquals(first.keySet(), anchorFiles().keySet());
        for (Path file : first.values()) {
            assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(file), file + " was not rewritten");
        }

        Files.writeString(host.bundle, "");
        Files.writeString(first.get(name(edgeRoot)), "changed by hand\n");
        OsTrustStore.Installation repaired = store.install(trustBundle());
        assertEquals(List.of(first.get(name(edgeRoot))), repaired.written(), "a file with other bytes is rewritten");
        assertEquals(2, host.updateRuns());
        assertEquals(Set.of(userRoot.certificate(), edgeRoot.certificate()), Set.copyOf(store.osBundle().orElseThrow()));
    }

    @Test
    void install_removes_the_edgepki_files_of_roots_that_left_the_trust_bundle_and_never_any_other_file()
            throws Exception {
        OsTrustStore store = host.store();
        store.install(List.of(otherRoot.certificate(), edgeRoot.certificate()));
        Path stale = host.anchors.resolve(name(otherRoot));
        assertTrue(Files.exists(stale));
        String hex64 = "0".repeat(64);
        Map<String, String> others = Map.of("corporate-proxy.crt", "the admin's own root\n",
                "edgepki-notes.txt", "not a certificate file of edgepki\n",
                "edgepki-1234.crt", "not a name edgepki makes\n",
                "EDGEPKI-" + hex64 + ".crt", "upper case: not edgepki's\n",
                "edgepki-" + hex64 + ".crt.dpkg-old", "a backup\n");
        for (Map.Entry<String, String> other : others.entrySet()) {
            Files.writeString(host.anchors.resolve(other.getKey()), other.getValue());
        }
        Files.createDirectory(host.anchors.resolve("edgepki-" + "1".repeat(64) + ".crt"));

        OsTrustStore.Installation done = store.install(trustBundle());

        assertEquals(List.of(stale), done.removed());
        assertFalse(Files.exists(stale));
        for (Map.Entry<String, String> other : others.entrySet()) {
            assertEquals(other.getValue(), Files.readString(host.anchors.resolve(other.getKey())), other.getKey());
        }
        assertTrue(Files.isDirectory(host.anchors.resolve("edgepki-" + "1".repeat(64) + ".crt")));
        assertTrue(anchorFiles().keySet().containsAll(List.of(name(userRoot), name(edgeRoot))));
    }

    @Test
    void without_an_anchor_directory_the_os_is_unknown_install_says_what_to_do_and_writes_nothing() throws Exception {
        Path missing = temp.resolve("no-such-dir");
        OsTrustStore store = new OsTrustStore(missing, host.bundle, host.update.toString(), List.of(),
                Duration.ofSeconds(5));

        IOException refused = assertThrows(IOException.class, () -> store.install(trustBundle()));

        assertTrue(refused.getMessage().startsWith("the OS trust store is unknown here (no directory " + missing
                + "): add the roots edgepki:trust status lists to the OS trust store as its documentation says"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("update-ca-trust"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; nothing was changed"), refused.getMessage());
        assertFalse(Files.exists(missing));
        assertEquals(0, host.updateRuns());
    }

    @Test
    void without_the_update_command_on_the_path_the_os_is_unknown_and_nothing_is_written() throws Exception {
        Path emptyBin = Files.createDirectory(temp.resolve("bin"));
        OsTrustStore store = new OsTrustStore(host.anchors, host.bundle, "update-ca-certificates", List.of(emptyBin),
                Duration.ofSeconds(5));

        IOException refused = assertThrows(IOException.class, () -> store.install(trustBundle()));

        assertTrue(refused.getMessage().startsWith("the OS trust store is unknown here (no update-ca-certificates on"
                + " PATH)"), refused.getMessage());
        assertEquals(Map.of(), anchorFiles());
    }

    @Test
    void a_failing_update_command_is_a_one_line_error_with_its_exit_code_and_output() throws Exception {
        host.updateScript("echo 'E: openssl rehash failed' >&2\necho 'second line'\nexit 3");

        IOException failed = assertThrows(IOException.class, () -> host.store().install(trustBundle()));

        assertEquals(host.update + " exited with 3: E: openssl rehash failed second line; the anchor files are in "
                + host.anchors + ": run it as root to finish", failed.getMessage());
        assertEquals(2, anchorFiles().size(), "the files stay: the update alone is to be run again");
    }

    @Test
    void an_update_command_that_hangs_is_stopped_at_the_timeout() throws Exception {
        host.updateScript("exec sleep 30");
        long start = System.nanoTime();

        IOException failed = assertThrows(IOException.class,
                () -> host.store(Duration.ofSeconds(1)).install(trustBundle()));

        assertTrue(failed.getMessage().startsWith(host.update + " did not finish within 1 s and was stopped"),
                failed.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }

    @Test
    void a_trust_bundle_without_a_root_changes_nothing() throws Exception {
        OsTrustStore store = host.store();
        store.install(List.of(otherRoot.certificate()));

        IOException refused = assertThrows(IOException.class, () -> store.install(List.of(edgeCa.certificate())));

        assertTrue(refused.getMessage().startsWith("the trust bundle holds no root certificate yet"), refused.getMessage());
        assertEquals(List.of(name(otherRoot)), List.copyOf(anchorFiles().keySet()));
        assertEquals(1, host.updateRuns());
    }

    @Test
    void the_os_bundle_is_read_between_comments_and_a_corrupt_block_names_the_file() throws Exception {
        Files.writeString(host.bundle, "# a comment\n" + new String(OsTrustStore.content(userRoot.certificate()))
                + "text between\n" + new String(OsTrustStore.content(edgeRoot.certificate())));
        assertEquals(List.of(userRoot.certificate(), edgeRoot.certificate()), host.store().osBundle().orElseThrow());
        assertTrue(OsTrustStore.holdsRootOf(host.store().osBundle().orElseThrow(),
                List.of(edgeCa.certificate(), edgeRoot.certificate())));
        assertTrue(OsTrustStore.holdsRootOf(host.store().osBundle().orElseThrow(), List.of(edgeCa.certificate())),
                "a chain sent without its root: the certificate that issued its last one counts");
        assertFalse(OsTrustStore.holdsRootOf(List.of(userRoot.certificate()), List.of(edgeCa.certificate())));

        Files.writeString(host.bundle, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        IOException corrupt = assertThrows(IOException.class, () -> host.store().osBundle());
        assertTrue(corrupt.getMessage().startsWith(host.bundle + " holds a corrupt PEM block"), corrupt.getMessage());

        Files.delete(host.bundle);
        assertEquals(Optional.empty(), host.store().osBundle());
    }

    /**
     * The real {@code update-ca-certificates} (Debian's shell script), run only where it exists and only against
     * this test's temporary directories: a wrapper script passes it {@code --certsconf}, {@code --certsdir},
     * {@code --localcertsdir}, {@code --etccertsdir} and {@code --hooksdir} there, so nothing under /etc changes.
     */
    @Test
    void the_real_update_ca_certificates_builds_a_bundle_with_the_roots_and_drops_them_when_removed() throws Exception {
        Path real = Path.of("/usr/sbin/update-ca-certificates");
        assumeTrue(Files.isExecutable(real), "update-ca-certificates is not installed here");
        assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "openssl"))),
                "it needs openssl");
        Path conf = Files.writeString(temp.resolve("ca-certificates.conf"), "");
        Path shared = Files.createDirectory(temp.resolve("share"));
        Path hooks = Files.createDirectory(temp.resolve("hooks"));
        host.updateScript("exec " + real + " --certsconf '" + conf + "' --certsdir '" + shared + "' --localcertsdir '"
                + host.anchors + "' --etccertsdir '" + host.bundle.getParent() + "' --hooksdir '" + hooks + "'");
        OsTrustStore store = host.store();

        OsTrustStore.Installation done = store.install(trustBundle());

        assertTrue(done.updateOutput().orElseThrow().contains("\n2 added, 0 removed; done.\n"), done.updateOutput().get());
        assertEquals(Set.of(userRoot.certificate(), edgeRoot.certificate()), Set.copyOf(store.osBundle().orElseThrow()));
        store.install(List.of(edgeRoot.certificate()));
        assertEquals(List.of(edgeRoot.certificate()), store.osBundle().orElseThrow());
    }

    private Map<String, Path> anchorFiles() throws IOException {
        try (Stream<Path> files = Files.list(host.anchors)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(file -> file.getFileName().toString(),
                    file -> file, (a, b) -> a, java.util.TreeMap::new));
        }
    }

    /** The expected name, computed here from the DER rather than by the class under test. */
    private static String name(TestRoots.Ca root) throws Exception {
        return "edgepki-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(root.certificate().getEncoded())) + ".crt";
    }

    private static List<X509Certificate> parse(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }
}
