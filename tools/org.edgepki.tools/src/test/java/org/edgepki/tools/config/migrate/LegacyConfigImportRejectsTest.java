package org.edgepki.tools.config.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LegacyConfigImportRejectsTest {
    private static final String KEY = "ZWRnZXBraS10ZXN0LWRldmljZS1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";
    /** Two lines of valid provisioning, so that the line under test is line 3. */
    private static final String MANUAL = """
            provisioning:
              device_connection_string: "HostName=hub.azure-devices.net;DeviceId=gw;SharedAccessKey=%s"
            """.formatted(KEY);

    static Stream<Arguments> bad_inputs() {
        return Stream.of(
                Arguments.of("relative device CA path", MANUAL + """
                        certificates:
                          device_ca_cert: certs/device-ca.pem
                          device_ca_pk: /etc/ca.key.pem
                        """,
                        "config.yaml:4:3 certificates.device_ca_cert: must be an absolute path or a file:// URI;"
                                + " relative paths are not allowed"),
                Arguments.of("device CA key at an https URI", MANUAL + """
                        certificates:
                          device_ca_cert: /etc/ca.pem
                          device_ca_pk: https://example.org/ca.key.pem
                        """,
                        "config.yaml:5:3 certificates.device_ca_pk: must be an absolute path or a file:// URI,"
                                + " not a https: URI"),
                Arguments.of("trust bundle file URI naming a host", MANUAL + """
                        certificates:
                          trusted_ca_certs: file://fileserver/ca.pem
                        """,
                        "config.yaml:4:3 certificates.trusted_ca_certs: must be an absolute path or a file:// URI;"
                                + " a file:// URI must not name a host"),
                Arguments.of("device CA cert without its key", MANUAL + """
                        certificates:
                          device_ca_cert: /etc/ca.pem
                        """,
                        "config.yaml:3:1 certificates.device_ca_pk: is required when certificates.device_ca_cert"
                                + " is set (the device CA needs both)"),
                Arguments.of("lifetime that is not a number", MANUAL + """
                        certificates:
                          auto_generated_ca_lifetime_days: ninety
                        """,
                        "config.yaml:4:3 certificates.auto_generated_ca_lifetime_days: must be a whole number"
                                + " from 1 to 65535"),
                Arguments.of("no provisioning at all", """
                        hostname: gw
                        """,
                        "config.yaml:1:1 provisioning: is required (source: manual or dps)"),
                Arguments.of("manual without credentials", """
                        provisioning:
                          source: manual
                        """,
                        "config.yaml:1:1 provisioning: manual provisioning needs device_connection_string"
                                + " or authentication"),
                Arguments.of("DPS without scope", """
                        provisioning:
                          source: dps
                          global_endpoint: https://global.azure-devices-provisioning.net
                          attestation:
                            method: tpm
                            registration_id: r1
                        """,
                        "config.yaml:1:1 provisioning.scope_id: is required"),
                Arguments.of("DPS endpoint that is not a URI", """
                        provisioning:
                          source: dps
                          global_endpoint: global.azure-devices-provisioning.net
                          scope_id: 0ne00A1B2C3
                          registration_id: r1
                        """,
                        "config.yaml:3:3 provisioning.global_endpoint: must be an absolute URI such as"
                                + " https://global.azure-devices-provisioning.net"),
                Arguments.of("x509 without identity key", """
                        provisioning:
                          source: manual
                          authentication:
                            method: x509
                            iothub_hostname: hub.azure-devices.net
                            device_id: gw
                            identity_cert: /etc/id.pem
                        """,
                        "config.yaml:3:3 provisioning.authentication.identity_pk: is required"),
                Arguments.of("external provisioning", """
                        provisioning:
                          source: external
                          endpoint: http://localhost:9999
                        """,
                        "config.yaml:2:3 provisioning.source: external provisioning is not supported by IoT Edge 1.2+"),
                Arguments.of("unknown attestation method", """
                        provisioning:
                          source: dps
                          global_endpoint: https://global.azure-devices-provisioning.net
                          scope_id: 0ne00A1B2C3
                          attestation:
                            method: smartcard
                        """,
                        "config.yaml:6:5 provisioning.attestation.method: must be tpm, symmetric_key or x509"),
                Arguments.of("hostname given as a mapping", MANUAL + """
                        hostname:
                          name: gw
                        """,
                        "config.yaml:3:1 hostname: must be a single value, not a mapping"),
                Arguments.of("reprovisioning flag that is not a boolean", """
                        provisioning:
                          source: manual
                          dynamic_reprovisioning: sometimes
                        """,
                        "config.yaml:3:3 provisioning.dynamic_reprovisioning: must be true or false"),
                Arguments.of("certificates given as a list", MANUAL + """
                        certificates:
                          - /etc/ca.pem
                        """,
                        "config.yaml:3:1 certificates: must be a mapping of keys to values, not a list"),
                Arguments.of("duplicate key", MANUAL + """
                        hostname: a
                        hostname: b
                        """,
                        "config.yaml:4:1 hostname: duplicate key"),
                Arguments.of("unknown socket unit", MANUAL + """
                        listen:
                          management_uri: fd://custom.socket
                        """,
                        "config.yaml:4:3 listen.management_uri: must be fd://iotedge.mgmt.socket, fd://iotedge.socket"
                                + " or a unix:// or http:// URI; IoT Edge 1.2+ has no other socket units"),
                Arguments.of("negative watchdog retries", MANUAL + """
                        watchdog:
                          max_retries: -1
                        """,
                        "config.yaml:4:3 watchdog.max_retries: must be infinite or a whole number from 0 to 4294967295"),
                Arguments.of("create options as a JSON string", MANUAL + """
                        agent:
                          name: edgeAgent
                          type: docker
                          config:
                            image: agent:1.1
                            createOptions: '{"HostConfig":{}}'
                        """,
                        "config.yaml:8:5 agent.config.createOptions: must be a mapping of keys to values"),
                Arguments.of("a list instead of a config", """
                        - provisioning
                        """,
                        "config.yaml:1:1 must be a mapping of IoT Edge 1.1 settings (provisioning:, hostname:, ...);"
                                + " is this a config.yaml?"),
                Arguments.of("not YAML", """
                        provisioning:
                          source: manual
                         device_connection_string: x
                        """,
                        "config.yaml:3:2 not valid YAML: while parsing a block mapping, expected <block end>, but found '<block mapping start>'"),
                Arguments.of("empty file", "# nothing here\n",
                        "config.yaml is empty; expected an IoT Edge 1.1 config.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void bad_inputs(String name, String yaml, String message) {
        LegacyConfigException e = assertThrows(LegacyConfigException.class,
                () -> LegacyConfigImport.convert(yaml, "config.yaml"));

        assertEquals(message, e.getMessage());
    }

    @Test
    void the_exception_carries_location_path_and_rule_separately() {
        LegacyConfigException e = assertThrows(LegacyConfigException.class, () -> LegacyConfigImport.convert(MANUAL + """
                certificates:
                  device_ca_cert: ca.pem
                  device_ca_pk: /etc/ca.key.pem
                """, "/etc/iotedge/config.yaml"));

        assertEquals("/etc/iotedge/config.yaml", e.sourceName());
        assertEquals(4, e.line());
        assertEquals(3, e.column());
        assertEquals("certificates.device_ca_cert", e.keyPath());
        assertEquals("must be an absolute path or a file:// URI; relative paths are not allowed", e.rule());
    }

    static Stream<Arguments> secrets_never_appear_in_messages() {
        String secret = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
        return Stream.of(
                Arguments.of("connection string without DeviceId", secret, """
                        provisioning:
                          device_connection_string: "HostName=hub.azure-devices.net;SharedAccessKey=%s"
                        """.formatted(secret),
                        "config.yaml:2:3 provisioning.device_connection_string: the connection string needs"
                                + " DeviceId=<device id>"),
                Arguments.of("connection string key that is not base64", "not*base64*secret", """
                        provisioning:
                          device_connection_string: "HostName=hub.azure-devices.net;DeviceId=gw;SharedAccessKey=not*base64*secret"
                        """,
                        "config.yaml:2:3 provisioning.device_connection_string: the connection string's"
                                + " SharedAccessKey must be base64"),
                Arguments.of("symmetric key that is not base64", "secret!key!", """
                        provisioning:
                          source: dps
                          global_endpoint: https://global.azure-devices-provisioning.net
                          scope_id: 0ne00A1B2C3
                          attestation:
                            method: symmetric_key
                            registration_id: r1
                            symmetric_key: secret!key!
                        """,
                        "config.yaml:8:5 provisioning.attestation.symmetric_key: must be the key in base64"),
                Arguments.of("YAML error on the line of the key", secret, """
                        provisioning:
                          device_connection_string: "HostName=h;DeviceId=d;SharedAccessKey=%s
                        hostname: gw
                        """.formatted(secret),
                        "config.yaml:4:1 not valid YAML: while scanning a quoted scalar, found unexpected end of stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void secrets_never_appear_in_messages(String name, String secret, String yaml, String message) {
        LegacyConfigException e = assertThrows(LegacyConfigException.class,
                () -> LegacyConfigImport.convert(yaml, "config.yaml"));

        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains(secret));
        assertFalse(String.valueOf(e.getCause()).contains(secret));
    }
}
