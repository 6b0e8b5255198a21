package org.edgepki.tools.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the demo tool keeps each file, named as the IoT Edge demo certificate scripts name them
 * so that the IoT Edge documentation's paths apply unchanged: certificates in {@code certs/},
 * keys in {@code private/}.
 *
 * @param directory the working directory, {@code <WRKDIR>} in the IoT Edge docs
 */
record DemoLayout(Path directory) {
    private static final String ROOT = "azure-iot-test-only.root.ca";
    private static final String INTERMEDIATE = "azure-iot-test-only.intermediate";

    DemoLayout {
        Objects.requireNonNull(directory, "directory");
    }

    Path certsDirectory() {
        return directory.resolve("certs");
    }

    Path privateDirectory() {
        return directory.resolve("private");
    }

    Path rootCertificate() {
        return certificate(ROOT);
    }

    Path rootKey() {
        return key(ROOT);
    }

    Path intermediateCertificate() {
        return certificate(INTERMEDIATE);
    }

    Path intermediateChain() {
        return chain(INTERMEDIATE);
    }

    Path intermediateKey() {
        return key(INTERMEDIATE);
    }

    Path edgeCaCertificate(DemoName name) {
        return certificate(edgeCaBase(name));
    }

    Path edgeCaChain(DemoName name) {
        return chain(edgeCaBase(name));
    }

    Path edgeCaKey(DemoName name) {
        return key(edgeCaBase(name));
    }

    Path deviceCertificate(DemoName deviceId) {
        return certificate(deviceBase(deviceId));
    }

    Path deviceChain(DemoName deviceId) {
        return chain(deviceBase(deviceId));
    }

    Path deviceKey(DemoName deviceId) {
        return key(deviceBase(deviceId));
    }

    /** One file pair per code, so that verifying another CA or a new code never meets an old key. */
    Path verificationCertificate(DemoName code) {
        return certificate(verificationBase(code));
    }

    Path verificationKey(DemoName code) {
        return key(verificationBase(code));
    }

    private static String edgeCaBase(DemoName name) {
        return "iot-edge-device-ca-" + name.value();
    }

    private static String deviceBase(DemoName deviceId) {
        return "iot-edge-device-identity-" + deviceId.value();
    }

    private static String verificationBase(DemoName code) {
        return "verification-code-" + code.value();
    }

    private Path certificate(String base) {
        return certsDirectory().resolve(base + ".cert.pem");
    }

    private Path chain(String base) {
        return certsDirectory().resolve(base + "-full-chain.cert.pem");
    }

    private Path key(String base) {
        return privateDirectory().resolve(base + ".key.pem");
    }
}
