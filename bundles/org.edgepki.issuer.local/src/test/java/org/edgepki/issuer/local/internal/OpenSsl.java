package org.edgepki.issuer.local.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code openssl} (verify, x509, asn1parse) on PEM and DER files, as an independent judge of what is issued. */
final class OpenSsl {
    record Result(int exitCode, String output) {
        boolean verified() {
            return exitCode == 0 && output.contains(": OK");
        }
    }

    private OpenSsl() {
    }

    /**
     * @param dir where to write the PEM files
     * @param trusted the trust anchor ({@code -CAfile})
     * @param untrusted intermediates ({@code -untrusted}), may be empty
     * @param leaf the certificate to verify
     * @param options more options, such as {@code -purpose sslserver}
     */
    static Result verify(Path dir, X509Certificate trusted, List<X509Certificate> untrusted, X509Certificate leaf,
            String... options) throws IOException, InterruptedException, CertificateEncodingException {
        List<String> command = new ArrayList<>(List.of("openssl", "verify", "-CAfile", writePem(dir, "ca.pem", List.of(trusted)).toString()));
        if (!untrusted.isEmpty()) {
            command.add("-untrusted");
            command.add(writePem(dir, "untrusted.pem", untrusted).toString());
        }
        command.addAll(List.of(options));
        command.add(writePem(dir, "leaf.pem", List.of(leaf)).toString());
        return run(command);
    }

    /** @param arguments what follows {@code openssl}, such as {@code x509 -noout -enddate -in ca.pem} */
    static Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("openssl did not finish: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    static Path writePem(Path dir, String fileName, List<X509Certificate> certificates)
            throws IOException, CertificateEncodingException {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(base64.encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return Files.writeString(dir.resolve(fileName), pem);
    }
}
