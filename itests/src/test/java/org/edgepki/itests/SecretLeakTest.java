package org.edgepki.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Random PINs and passwords (RFC 7512's query alphabet, TOML's escapes, Unicode) go through config.toml into the
 * launched runtime, and are looked for wherever an operator or another user could see them: the runtime's log (with
 * the APPLIED lines), Web Console's configuration pages and status dump, edgepki's pages, {@code bin/edgepki check}
 * and {@code config plan}, and every file of Config Admin. They are only in {@code <home>/secrets}. One runtime takes
 * each new set of secrets live, as an operator's edit.
 */
public class SecretLeakTest {
    private static final String QUERY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:[]@!$'()*+,=/?|";
    private static final String UNICODE = "äöüßéèçñ€☃ⓟ漢字Ωжא";
    private static final int ROUNDS = 4;

    @Test
    public void no_pin_or_password_is_seen_anywhere_but_in_the_secret_files() throws Exception {
        Path home = EdgePkiRuntime.newStateDirectory("secret-leak");
        Random random = new Random(20261207L);
        List<String[]> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            rounds.add(new String[] {"P" + i + secret(random, QUERY_ALPHABET + UNICODE, 12),
                "W" + i + secret(random, QUERY_ALPHABET + UNICODE + "\"\\ #%&;<>{}", 14)});
        }
        Path config = EdgePkiRuntime.configToml(home);
        Files.writeString(config, toml(rounds.get(0)[0], rounds.get(0)[1]));
        try (LaunchedRuntime runtime = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), true)) {
            runtime.awaitOutput("Applied " + config);
            assertEquals(200, runtime.awaitConsole("/edgepki-certificates"));
            for (int i = 1; i < ROUNDS; i++) {
                Thread.sleep(1500); // a different modification time, and the settle time of the watcher
                Files.writeString(config, toml(rounds.get(i)[0], rounds.get(i)[1]));
                awaitApplied(runtime, i + 1);
                lookEverywhere(runtime, home, config, rounds.subList(0, i + 1));
            }
            runtime.stop();
        }
        String[] last = rounds.get(rounds.size() - 1);
        assertTrue("the last PIN is in <home>/secrets", secretFilesHold(home, last[0]));
        assertTrue("the last password is in <home>/secrets", secretFilesHold(home, last[1]));
    }

    private static void awaitApplied(LaunchedRuntime runtime, int times) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (runtime.output().split("INFO Applied ", -1).length - 1 < times) {
            if (System.nanoTime() > deadline) {
                fail("config.toml was not applied " + times + " times:\n" + runtime.output());
            }
            Thread.sleep(100);
        }
    }

    private static void lookEverywhere(LaunchedRuntime runtime, Path home, Path config, List<String[]> rounds)
            throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("the runtime's log", runtime.output());
        for (String page : List.of("/edgepki-certificates", "/edgepki-checks", "/status-Configurations.txt",
                "/configMgr/*.json", "/configMgr/org.edgepki.pkcs11", "/configMgr/org.edgepki.keystore")) {
            seen.put("the console page " + page, runtime.get(page, "admin", "admin").body());
        }
        seen.put("edgepki check", LaunchedRuntime.command(home, "", "check").output());
        seen.put("edgepki check --json", LaunchedRuntime.command(home, "", "check", "--json").output());
        seen.put("edgepki config plan", LaunchedRuntime.command(home, "", "config", "plan", config.toString()).output());
        for (Path file : files(home.resolve("config"))) {
            seen.put("Config Admin's file " + file, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
        for (String[] secrets : rounds) {
            for (String secret : secrets) {
                for (String form : List.of(secret, percentEncoded(secret), tomlEscaped(secret))) {
                    seen.forEach((where, text) -> assertTrue("a secret is shown in " + where, !text.contains(form)));
                }
            }
        }
        assertTrue("the status dump lists the configurations", seen.get("the console page /status-Configurations.txt")
                .contains("pin-source="));
        assertTrue("the plan names the secret files", seen.get("edgepki config plan").contains("password_file = "));
    }

    private static String toml(String pin, String password) {
        return "hostname = \"leak-test.local\"\n\n"
                + "[aziot_keys]\npkcs11_lib_path = \"" + SoftHsmToken.LIBRARY + "\"\n"
                + "pkcs11_base_slot = \"pkcs11:token=leak-test-absent?pin-value=" + percentEncoded(pin) + "\"\n\n"
                + "[preloaded_keys]\nleak-key = \"pkcs11:token=leak-test-absent;object=k?pin-value=" + percentEncoded(pin)
                + "\"\n\n"
                + "[edge_ca]\nmethod = \"est\"\nurl = \"https://127.0.0.1:9/.well-known/est\"\nusername = \"leakuser\"\n"
                + "password = \"" + tomlEscaped(password) + "\"\n";
    }

    private static String secret(Random random, String alphabet, int length) {
        int[] points = alphabet.codePoints().toArray();
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < length; i++) {
            secret.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return secret.toString();
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters. */
    private static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            encoded.append(c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0) ? String.valueOf(c)
                    : String.format("%%%02X", b & 0xff));
        }
        return encoded.toString();
    }

    private static String tomlEscaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static boolean secretFilesHold(Path home, String secret) throws IOException {
        for (Path file : files(home.resolve("secrets"))) {
            if (Files.readString(file, StandardCharsets.UTF_8).equals(secret + "\n")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith("."))
                    .toList();
        }
    }
}
