package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.edgepki.api.cert.CertificateStoreException;

/**
 * Importing any file (PEM chain with or without a key, encrypted key, DER certificate, PKCS#12), with or without a
 * password: only the declared {@link CertificateStoreException} comes out, and its message never holds the
 * password. The first input byte says whether a password is given; the rest is the file. Regression inputs in
 * {@code CredentialReaderFuzzTestInputs}.
 */
class CredentialReaderFuzzTest {
    private static final String PASSWORD = "fuzzpassword";
    private static final CredentialReader READER = new CredentialReader();
    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "10m")
    void read(byte[] input) throws IOException {
        boolean withPassword = input.length > 0 && (input[0] & 1) == 1;
        Files.write(FILE, input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length));
        try {
            READER.read(FILE, withPassword ? PASSWORD.toCharArray() : null);
        } catch (CertificateStoreException declared) {
            assertFalse(String.valueOf(declared.getMessage()).contains(PASSWORD), declared.getMessage());
        }
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("edgepki-import-", ".file");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
