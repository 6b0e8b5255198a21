package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.edgepki.api.CredentialIds;
import org.junit.Test;

/**
 * A full disk at first start: the key and the certificate directories each on a tiny tmpfs, filled up. While the
 * key directory is full there is no Edge CA, the failure is shown and retried; once its space is freed the key is
 * written and the certificate directory, still full, fails the next attempt; once that is freed too, the Edge CA
 * appears at the next retry, its certificate matching its key, with no temporary file left anywhere.
 *
 * <p>Mounting a tmpfs needs root (CI runs as root, in a container that allows mounts); elsewhere the test is
 * skipped, saying so.
 */
public class FullDiskTest {
    private static final String FAILED = "Issuing " + CredentialIds.EDGE_CA + " failed (attempt ";

    @Test
    public void a_full_disk_delays_the_edge_ca_which_appears_at_the_next_retry_once_space_is_freed() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("full-disk");
        Path keys = Files.createDirectories(home.resolve("keyd/keys"));
        Path certs = Files.createDirectories(home.resolve("certd/certs"));
        assumeTrue("skipped: mounting a tmpfs needs root and a container that allows it (CI has both)",
                mount(keys, "0700") && mount(certs, "0755"));
        try {
            Path keysFiller = fill(keys);
            Path certsFiller = fill(certs);
            Files.writeString(EdgePkiRuntime.configToml(home), "hostname = \"gw-full.local\"\n");
            try (LaunchedRuntime runtime = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), false)) {
                runtime.awaitOutput(FAILED + "1)");
                assertTrue(runtime.output(), runtime.outputContains("No space left on device"));
                assertEquals("no Edge CA while the disk is full", List.of(), files(certs, ".cer"));

                Files.delete(keysFiller);
                runtime.awaitOutput(FAILED + "2)");
                assertEquals("the key is written, its certificate is not: " + runtime.output(), 1,
                        files(keys, ".key").size());
                assertEquals(List.of(), files(certs, ".cer"));

                Files.delete(certsFiller);
                runtime.awaitOutput("Issued " + CredentialIds.EDGE_CA);
                assertFalse("issued at the first retry after the space was freed: " + runtime.output(),
                        runtime.outputContains(FAILED + "3)"));
                runtime.awaitOutput("edgeHub server certificate for ");
                StoredPair edgeCa = StoredPair.read(home, CredentialIds.EDGE_CA);
                assertEquals(List.of(), edgeCa.problems(new Date()));
                assertFalse("attempts on a full disk leave no temporary file: " + leftovers(home),
                        leftovers(home).stream().anyMatch(name -> name.startsWith(".") || name.contains("temp")));
                runtime.stop();
            }
        } finally {
            unmount(keys);
            unmount(certs);
        }
    }

    /** Mounts a 16 KiB tmpfs with this mode over the directory; false when this machine does not allow it. */
    private static boolean mount(Path dir, String mode) throws InterruptedException {
        return run("mount", "-t", "tmpfs", "-o", "size=16k,mode=" + mode, "tmpfs", dir.toString());
    }

    private static void unmount(Path dir) throws InterruptedException {
        run("umount", dir.toString());
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a file until the file system is full (ENOSPC); returns it. */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1024];
            for (int i = 0; i < 1024; i++) {
                out.write(block);
            }
        } catch (IOException e) {
            return filler; // full
        }
        throw new IllegalStateException(dir + " took 1 MiB: it is not the 16 KiB tmpfs");
    }

    private static List<String> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(suffix)).toList();
        }
    }

    private static List<String> leftovers(Path home) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path dir : List.of(home.resolve("keyd/keys"), home.resolve("certd/certs"))) {
            try (Stream<Path> list = Files.list(dir)) {
                list.forEach(path -> names.add(path.getFileName().toString()));
            }
        }
        return names;
    }
}
