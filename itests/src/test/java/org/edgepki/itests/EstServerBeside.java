package org.edgepki.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.edgepki.issuer.est.internal.TestEstServer;

/**
 * The test EST server beside a Pax Exam framework, started from {@code @Configuration} (outside
 * the framework; the OSGi test probe never loads this class). What the probe needs goes to files
 * under the state directory: {@code est/url}, the server's CA in {@code pki/est-ca.pem}, a
 * bootstrap identity the server accepts in {@code pki/bootstrap.pem} and {@code .key.pem}; the probe
 * steers the server through {@code est/knobs.properties} and reads {@code est/requests.log}.
 */
final class EstServerBeside {
    /** Lives as long as the test JVM. */
    private static TestEstServer server;

    private EstServerBeside() {
    }

    static synchronized void start(Path home) throws Exception {
        if (server != null) {
            server.close();
        }
        server = TestEstServer.start();
        server.honourCsrExtensions = true;
        Path control = Files.createDirectories(home.resolve("est"));
        server.controlledBy(control);
        Files.writeString(control.resolve("url"), server.url().toString());
        Path pki = Files.createDirectories(home.resolve("pki"));
        Pem.write(pki.resolve("est-ca.pem"), List.of(server.caCertificate));
        KeyPair bootstrapKey = TestEstServer.ecKey();
        Pem.write(pki.resolve("bootstrap.pem"), List.of(server.issueClientCertificate("CN=bootstrap-gw1",
                bootstrapKey.getPublic(), Duration.ofDays(365)), server.caCertificate));
        TestPki.write(pki.resolve("bootstrap.key.pem"), TestPki.pem(new JcaPKCS8Generator(bootstrapKey.getPrivate(),
                null).generate()), "rw-------");
    }
}
