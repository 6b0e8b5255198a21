package org.edgepki.pkcs11.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at a SoftHSM2 token from outside, with OpenSC's pkcs11-tool, as an operator would: what
 * objects it holds and with which attributes, and keys made by another tool.
 */
final class TokenObjects {
    private TokenObjects() {
    }

    /** @return pkcs11-tool's object listing, logged in */
    static String list(String tokenLabel) throws IOException, InterruptedException {
        return run("--token-label", tokenLabel, "--login", "--pin", SoftHsm.USER_PIN, "--list-objects");
    }

    /** @return pkcs11-tool's object listing without logging in: private objects are hidden */
    static String listPublic(String tokenLabel) throws IOException, InterruptedException {
        return run("--token-label", tokenLabel, "--list-objects");
    }

    /** Generates an EC P-256 key pair the way an operator provisions one. */
    static void generateEcKey(String tokenLabel, String label, String hexId) throws IOException, InterruptedException {
        run("--token-label", tokenLabel, "--login", "--pin", SoftHsm.USER_PIN, "--keypairgen", "--key-type",
                "EC:prime256v1", "--label", label, "--id", hexId);
    }

    /** @return the slot id of the token with this label */
    static long slotId(String tokenLabel) throws IOException, InterruptedException {
        String slots = run("--list-slots");
        Matcher matcher = Pattern.compile("Slot \\d+ \\(0x([0-9a-f]+)\\):[^\\n]*\\n\\s*token label\\s*:\\s*"
                + Pattern.quote(tokenLabel) + "\\s*\\n").matcher(slots);
        if (!matcher.find()) {
            throw new IllegalStateException("no slot for token " + tokenLabel + " in:\n" + slots);
        }
        return Long.parseLong(matcher.group(1), 16);
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", SoftHsm.LIBRARY));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
