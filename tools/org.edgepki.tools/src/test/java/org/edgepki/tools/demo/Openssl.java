package org.edgepki.tools.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} binary, as the IoT Edge docs do to check certificates. */
final class Openssl {
    /** @param exitCode the process status @param output standard output and error together */
    record Result(int exitCode, String output) {
    }

    private Openssl() {
    }

    static Result run(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("openssl did not finish: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** {@code openssl verify -CAfile root -untrusted intermediate leaf} */
    static Result verify(DemoLayout layout, Path leaf) throws IOException, InterruptedException {
        return run(layout.directory(), "verify", "-CAfile", layout.rootCertificate().toString(),
                "-untrusted", layout.intermediateCertificate().toString(), leaf.toString());
    }

    /** {@code openssl x509 -noout -text} */
    static String text(DemoLayout layout, Path certificate) throws IOException, InterruptedException {
        Result result = run(layout.directory(), "x509", "-noout", "-text", "-in", certificate.toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl x509 failed on " + certificate + ": " + result.output());
        }
        return result.output();
    }

    /** @return the SubjectPublicKeyInfo PEM of the key or certificate, as openssl derives it */
    static String publicKeyOfKey(Path key) throws IOException, InterruptedException {
        return checked(run(key.getParent(), "pkey", "-pubout", "-in", key.toString()));
    }

    static String publicKeyOfCertificate(Path certificate) throws IOException, InterruptedException {
        return checked(run(certificate.getParent(), "x509", "-noout", "-pubkey", "-in", certificate.toString()));
    }

    private static String checked(Result result) {
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl failed: " + result.output());
        }
        return result.output();
    }
}
