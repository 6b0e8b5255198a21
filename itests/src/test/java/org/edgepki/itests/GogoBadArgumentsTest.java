package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.edgepki.api.CredentialIds;
import org.edgepki.api.cert.CertificateService;
import org.edgepki.api.workload.WorkloadCertificates;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The bad Gogo argument corpus: unknown and hostile ids, missing, odd and hostile files, wrong passwords, wrong
 * argument counts. Each command fails (edgepki's own errors in one line that says what is wrong), no secret is
 * echoed, and nothing changes: the same certificates are stored, with the same chains.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GogoBadArgumentsTest extends RuntimeTest {
    private static final String PASSWORD = "Gogo-Pa55word";

    @Configuration
    public Option[] config() {
        return new Option[] {EdgePkiRuntime.options(EdgePkiRuntime.newStateDirectory("gogo-bad"))};
    }

    /** A command, and the start of its one-line error (null: Gogo's own usage error, any text). */
    private record Case(String command, String says) {
    }

    @Test
    public void every_bad_command_fails_clearly_and_changes_nothing() throws Exception {
        services().get(WorkloadCertificates.class).edgeCaChain();
        CertificateService certs = services().get(CertificateService.class);
        awaitTrue("the runtime has set up its certificates", () -> certs.find(CredentialIds.moduleServer("edgeHub"))
                .isPresent());
        Path files = Files.createTempDirectory("gogo-bad");
        Path empty = Files.createFile(files.resolve("empty.pem"));
        Path text = Files.writeString(files.resolve("text.pem"), "not a certificate\n");
        TestPki pki = new TestPki();
        TestPki.Issued issued = pki.goodEdgeCa();
        Path keyOnly = pki.writeKey(files.resolve("key.pem"), issued.key());
        Path p12 = files.resolve("c.p12");
        OpenSsl.Result export = OpenSsl.run("pkcs12", "-export", "-in",
                pki.writeChain(files.resolve("chain.pem"), issued.certificate()).toString(), "-inkey", keyOnly.toString(),
                "-passout", "pass:" + PASSWORD, "-out", p12.toString());
        assertEquals(export.output(), 0, export.exitCode());
        List<Case> cases = List.of(
                new Case("edgepki:cert no-such-id", "no certificate 'no-such-id'"),
                new Case("edgepki:cert ../../etc/passwd", null),
                new Case("edgepki:cert \"\"", "'' is not a certificate id: an id must not be empty"),
                new Case("edgepki:cert \"a\tb\"", "'a?b' is not a certificate id: an id must not contain control"),
                new Case("edgepki:cert " + "x".repeat(300), "'" + "x".repeat(300) + "' is not a certificate id: an id"
                        + " must be at most 255 characters"),
                new Case("edgepki:renew no-such-id", "renewal of no-such-id failed: "),
                new Case("edgepki:renew ../aziot-edged-ca", "renewal of ../aziot-edged-ca failed: "),
                new Case("edgepki:renew \"\"", "'' is not a certificate id"),
                new Case("edgepki:import some-id /no/such/file.pem", "/no/such/file.pem: no such file"),
                new Case("edgepki:import some-id " + files, files + ": not a regular file"),
                new Case("edgepki:import some-id " + empty, empty + ": "),
                new Case("edgepki:import some-id " + text, text + ": "),
                new Case("edgepki:import some-id " + keyOnly, keyOnly + ": "),
                new Case("edgepki:import --password Wrong-Pa55word some-id " + p12, p12 + ": "),
                new Case("edgepki:import some-id " + p12, p12 + ": "),
                new Case("edgepki:import ../escape " + p12, null),
                new Case("edgepki:import \"\" " + p12, null),
                new Case("edgepki:import some-id /dev/null", "/dev/null: not a regular file"),
                new Case("edgepki:cert", null),
                new Case("edgepki:renew a b", null),
                new Case("edgepki:import some-id", null),
                new Case("edgepki:import --password", null),
                new Case("edgepki:certs extra", null));
        List<String> before = certs.ids();
        List<String> chains = chains(certs, before);
        List<String> problems = new ArrayList<>();
        for (Case bad : cases) {
            try {
                String printed = Gogo.run(services().get(CommandProcessor.class), bad.command());
                problems.add(bad.command() + " succeeded: " + printed);
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage());
                if (bad.says() != null && (!message.startsWith(bad.says()) || message.contains("\n"))) {
                    problems.add(bad.command() + ": expected a line starting '" + bad.says() + "', got: " + message);
                }
                if (message.contains(PASSWORD) || message.contains("Wrong-Pa55word")) {
                    problems.add(bad.command() + " echoes a password: " + message);
                }
            }
        }
        assertEquals(String.join("\n", problems), List.of(), problems);
        assertEquals("no certificate came or went", before, certs.ids());
        assertEquals("no chain changed", chains, chains(certs, before));
        assertTrue(cases.size() >= 20);
    }

    private static List<String> chains(CertificateService certs, List<String> ids) throws Exception {
        List<String> chains = new ArrayList<>();
        for (String id : ids) {
            chains.add(id + "=" + certs.get(id).chain());
        }
        return chains;
    }
}
