package org.edgepki.certstore.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the openssl command line, as an independent reference. */
final class OpenSsl {
    private OpenSsl() {
    }

    /** @return {@code openssl x509 -fingerprint} of a PEM certificate, upper-case hex without colons */
    static String fingerprint(Path pemCertificate, String digestOption) throws IOException, InterruptedException {
        String output = run("x509", "-in", pemCertificate.toString(), "-noout", "-fingerprint", digestOption).trim();
        return output.substring(output.indexOf('=') + 1).replace(":", "");
    }

    /** Runs openssl with these arguments and returns its standard output; fails if it fails. */
    static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }
}
