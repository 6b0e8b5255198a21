package org.edgepki.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.edgepki.api.check.Finding;
import org.edgepki.api.check.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePermissionFindingsTest {
    @TempDir
    Path dir;

    @Test
    void a_key_0600_in_a_0700_directory_is_ok() throws IOException {
        Path key = file("secrets", "rwx------", "k.pem", "rw-------");
        List<Finding> findings = FilePermissionFindings.keyFile("device-id", key);
        assertEquals(1, findings.size());
        assertEquals(Severity.OK, findings.get(0).severity());
    }

    @Test
    void a_key_others_can_read_is_an_error_whose_fix_is_chmod_600() throws IOException {
        Path key = file("secrets", "rwx------", "k.pem", "rw-r--r--");
        Finding finding = FilePermissionFindings.keyFile("device-id", key).get(0);
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("0644"), finding.message());
        assertEquals("chmod 600 " + key, finding.fix());
    }

    @Test
    void a_key_only_its_group_can_read_is_a_warning_and_0400_is_ok() throws IOException {
        for (String mode : new String[] {"r--r-----", "rw-r-----"}) {
            Path key = file("group-" + mode.charAt(1), "rwx------", "k.pem", mode);
            Finding finding = FilePermissionFindings.keyFile("device-id", key).get(0);
            assertEquals(Severity.WARNING, finding.severity(), mode);
            assertTrue(finding.message().endsWith(": members of its group can read the private key"), finding.message());
            assertEquals("chmod 600 " + key, finding.fix());
        }
        Path readOnly = file("owner-only", "rwx------", "k.pem", "r--------");
        assertEquals(Severity.OK, FilePermissionFindings.keyFile("device-id", readOnly).get(0).severity());
        Path groupWritable = file("group-writable", "rwx------", "k.pem", "rw-rw----");
        assertEquals(Severity.ERROR, FilePermissionFindings.keyFile("device-id", groupWritable).get(0).severity());
    }

    @Test
    void a_pin_file_others_can_read_is_an_error_naming_what_they_can_read() throws IOException {
        Path pin = file("pins", "rwx------", "token.pin", "rw-r-----");
        Finding finding = FilePermissionFindings.secretFile("pkcs11:token=edge", pin, "PIN file", "the token's PIN").get(0);
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().equals("the PIN file " + pin + " is mode 0640: other users can read the token's PIN"),
                finding.message());
        assertEquals("chmod 600 " + pin, finding.fix());
        assertTrue(FilePermissionFindings.openToOthers("x", pin.getParent(), "PINs").isEmpty());
        assertEquals("chmod 600 " + pin, FilePermissionFindings.openToOthers("x", pin, "the PIN").orElseThrow().fix());
    }

    @Test
    void a_key_in_an_open_directory_is_a_warning() throws IOException {
        Path key = file("open", "rwxr-xr-x", "k.pem", "rw-------");
        Finding finding = FilePermissionFindings.keyFile("device-id", key).get(0);
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.fix().startsWith("chmod 700 "), finding.fix());
    }

    @Test
    void a_certificate_others_can_write_is_an_error_and_0644_is_ok() throws IOException {
        Path writable = file("certs", "rwxr-xr-x", "c.pem", "rw-rw-rw-");
        assertEquals(Severity.ERROR, FilePermissionFindings.certificateFile("aziot-edged-ca", writable).get(0).severity());
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Severity.OK, FilePermissionFindings.certificateFile("aziot-edged-ca", writable).get(0).severity());
    }

    @Test
    void a_missing_file_is_an_error_that_names_it() {
        Finding finding = FilePermissionFindings.certificateFile("aziot-edged-ca", dir.resolve("nope.pem")).get(0);
        assertEquals(Severity.ERROR, finding.severity());
        assertTrue(finding.message().contains("no such file"), finding.message());
    }

    private Path file(String directory, String directoryMode, String name, String mode) throws IOException {
        Path parent = Files.createDirectories(dir.resolve(directory));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString(directoryMode));
        Path file = Files.writeString(parent.resolve(name), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
