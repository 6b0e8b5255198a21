package org.edgepki.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A Debian-like OS trust store in a temporary directory: an anchor directory, a bundle file, and a fake
 * {@code update-ca-certificates}, a shell script this class writes, that records each run in a file and rebuilds the
 * bundle by concatenating the anchor directory's {@code *.crt} files. The real command needs root and changes this
 * machine's trust store; {@code OsTrustStoreTest} runs it only against temporary directories.
 */
final class FakeDebianHost {
    final Path anchors;
    final Path bundle;
    final Path update;
    final Path runs;

    /** Creates the anchor directory, an empty bundle file and the update script under {@code root}. */
    FakeDebianHost(Path root) throws IOException {
        anchors = Files.createDirectories(root.resolve("usr/local/share/ca-certificates"));
        bundle = Files.createDirectories(root.resolve("etc/ssl/certs")).resolve("ca-certificates.crt");
        Files.writeString(bundle, "");
        runs = root.resolve("update-runs");
        update = root.resolve("update-ca-certificates");
        updateScript("echo run >> '" + runs + "'\ncat '" + anchors + "'/*.crt > '" + bundle + "' 2>/dev/null\n"
                + "echo '1 added, 0 removed; done.'");
    }

    /** Replaces the update command's body (after its {@code #!/bin/sh} line). */
    void updateScript(String body) throws IOException {
        Files.writeString(update, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(update, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** @return the OS store on this host, with the update command given by its path */
    OsTrustStore store() {
        return store(Duration.ofSeconds(30));
    }

    /** @return the OS store on this host, with the update command killed after {@code timeout} */
    OsTrustStore store(Duration timeout) {
        return new OsTrustStore(anchors, bundle, update.toString(), List.of(), timeout);
    }

    /** @return how many times the update command ran */
    long updateRuns() throws IOException {
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }
}
