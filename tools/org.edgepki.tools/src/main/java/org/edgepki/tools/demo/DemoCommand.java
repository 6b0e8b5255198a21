package org.edgepki.tools.demo;

import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * {@code edgepki demo <step> [name] [options]}: creates IoT Edge demo certificates (root CA,
 * intermediate CA, Edge CA, device identity, DPS verification) in a working directory, for
 * {@code bin/edgepki demo} (an offline tool, never deployed into a gateway). Each call is independent;
 * two calls on the same directory at the same time may interleave their steps.
 */
public final class DemoCommand {
    private final DemoArguments arguments;
    private final Clock clock;
    private final SecureRandom random;
    private final Provider provider;

    /**
     * @param defaultDirectory the working directory when {@code --dir} is not given, and the base
     *     a relative {@code --dir} is resolved against
     */
    public DemoCommand(Path defaultDirectory) {
        this(defaultDirectory, Clock.systemUTC(), new SecureRandom(), new BouncyCastleProvider());
    }

    DemoCommand(Path defaultDirectory, Clock clock, SecureRandom random, Provider provider) {
        this.arguments = new DemoArguments(Objects.requireNonNull(defaultDirectory, "defaultDirectory"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Runs one step.
     *
     * @param commandLine the arguments after {@code demo}, e.g. {@code [edge-ca, gw1, --key, rsa-2048]}
     * @return the text to print: each file written with its subject and notAfter, or the usage
     *     text for {@code help}
     * @throws DemoUsageException if the arguments are wrong (one line)
     * @throws IllegalArgumentException if the step cannot be done: which file is missing, bad or
     *     would be replaced, or which name IoT Edge would reject, and why (one line)
     */
    public String run(List<String> commandLine) {
        DemoInvocation invocation = arguments.parse(commandLine);
        if (invocation.step() == DemoStep.HELP) {
            return usage();
        }
        DemoPki pki = new DemoPki(invocation.directory(), invocation.options(), clock, random, provider);
        List<WrittenFile> written;
        try {
            written = switch (invocation.step()) {
                case ROOT -> pki.root();
                case INTERMEDIATE -> pki.intermediate();
                case EDGE_CA -> pki.edgeCa(invocation.name());
                case DEVICE -> pki.device(invocation.name());
                case VERIFICATION -> pki.verification(invocation.name());
                case ALL -> pki.all(invocation.name());
                case HELP -> throw new IllegalStateException("help is answered above");
            };
        } catch (DemoPkiException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        StringBuilder text = new StringBuilder();
        for (WrittenFile file : written) {
            text.append("wrote ").append(file.path()).append('\n')
                    .append("      ").append(file.description()).append('\n');
        }
        return text.append("Demo certificates are for development and testing only, never for production.\n")
                .toString();
    }

    /** @return how to call {@code edgepki demo}, with the files each step writes */
    public String usage() {
        return """
                usage: edgepki demo <step> [name] [options]

                Creates demo certificates to test IoT Edge features. Never use them in production.
                Run the steps in order in one directory; each later step signs with the CAs an
                earlier one wrote there.

                steps:
                  root                root CA (self-signed)
                                        certs/azure-iot-test-only.root.ca.cert.pem
                  intermediate        intermediate CA, signed by the root
                                        certs/azure-iot-test-only.intermediate.cert.pem
                                        certs/azure-iot-test-only.intermediate-full-chain.cert.pem
                  edge-ca <name>      Edge CA with CN <name>.ca, signed by the intermediate
                                        certs/iot-edge-device-ca-<name>.cert.pem
                                        certs/iot-edge-device-ca-<name>-full-chain.cert.pem
                  device <device-id>  device identity certificate (CN <device-id>, clientAuth)
                                        certs/iot-edge-device-identity-<device-id>.cert.pem
                                        certs/iot-edge-device-identity-<device-id>-full-chain.cert.pem
                  verification <code> DPS proof-of-possession certificate with CN <code>
                                        certs/verification-code-<code>.cert.pem
                  all <name>          root, intermediate, edge-ca <name> and device <name>
                  help                this text
                Each key goes to private/<file name>.key.pem (PKCS#8 PEM, mode 0600, directory
                0700); certificates are mode 0644. Names may hold letters, digits, '.', '_', '-'.

                options:
                  --dir <path>        working directory (default: %s)
                  --key <type>        type of each new key: %s (default: ec-p256)
                  --days <n>          validity of each new certificate, 1 to %d, never beyond
                                      its issuer's (default: %d)
                  --force             replace existing keys and certificates
                  --keep-name         edge-ca, all: Edge CA CN is <name> itself, without ".ca"
                  --hostname <host>   edge-ca, all: the hostname in config.toml; refuse an Edge CA
                                      CN equal to it
                  --signer <ca>       verification: root or intermediate (default: root, the CA
                                      uploaded to DPS)
                """.formatted(arguments.defaultDirectory(), DemoKeyType.optionValues(),
                DemoOptions.MAX_VALIDITY_DAYS, DemoOptions.DEFAULT_VALIDITY_DAYS);
    }
}
