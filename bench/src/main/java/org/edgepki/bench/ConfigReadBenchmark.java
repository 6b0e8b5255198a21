package org.edgepki.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgepki.config.toml.internal.apply.ConfigurationPlan;
import org.edgepki.config.toml.internal.apply.PlannedConfiguration;
import org.edgepki.config.toml.internal.schema.ConfigReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long reading a config.toml takes — TOML parsing (tomlj), schema and cross-field validation —
 * and turning it into Config Admin configurations, for a gateway config that uses most sections.
 * This is the CPU part of every apply; the rest is Config Admin's writes and the 300 ms settle time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConfigReadBenchmark {
    static final String CONFIG = String.join("\n",
            "hostname = \"gateway.example.org\"",
            "trust_bundle_cert = \"file:///var/secrets/trust-bundle.pem\"",
            "auto_reprovisioning_mode = \"OnErrorOnly\"",
            "[provisioning]",
            "source = \"dps\"",
            "global_endpoint = \"https://global.azure-devices-provisioning.net\"",
            "id_scope = \"0ab1234C5D6\"",
            "[provisioning.attestation]",
            "method = \"x509\"",
            "registration_id = \"gw1\"",
            "[provisioning.attestation.identity_cert]",
            "method = \"est\"",
            "common_name = \"gw1\"",
            "[provisioning.attestation.identity_cert.auto_renew]",
            "rotate_key = true",
            "threshold = \"80%\"",
            "retry = \"4%\"",
            "[cert_issuance.est]",
            "trusted_certs = [\"file:///var/secrets/est-ca.pem\"]",
            "[cert_issuance.est.auth]",
            "bootstrap_identity_cert = \"file:///var/secrets/est-bootstrap-id.pem\"",
            "bootstrap_identity_pk = \"pkcs11:token=edge;object=bootstrap?pin-source=file:///etc/aziot/pin\"",
            "[cert_issuance.est.urls]",
            "default = \"https://est.example.org/.well-known/est\"",
            "[aziot_keys]",
            "pkcs11_lib_path = \"/usr/lib/softhsm/libsofthsm2.so\"",
            "pkcs11_base_slot = \"pkcs11:token=edge?pin-source=file:///etc/aziot/pin\"",
            "[edge_ca]",
            "method = \"est\"",
            "subject = { O = \"Contoso\", CN = \"gw1 Edge CA\" }",
            "expiry_days = 90",
            "[edge_ca.auto_renew]",
            "rotate_key = true",
            "threshold = \"10d\"",
            "retry = \"1d\"",
            "[agent]",
            "name = \"edgeAgent\"",
            "type = \"docker\"",
            "[agent.config]",
            "image = \"mcr.microsoft.com/azureiotedge-agent:1.5\"",
            "[moby_runtime]",
            "uri = \"unix:///var/run/docker.sock\"",
            "");

    @Benchmark
    public List<PlannedConfiguration> read_validate_and_plan() {
        return ConfigurationPlan.of(ConfigReader.read(CONFIG, "config.toml").config().orElseThrow());
    }
}
