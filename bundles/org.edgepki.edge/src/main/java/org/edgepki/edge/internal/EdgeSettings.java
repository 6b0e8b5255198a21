package org.edgepki.edge.internal;

import java.time.Duration;
import org.bouncycastle.util.IPAddress;
import org.edgepki.api.workload.WorkloadException;

/**
 * Validated configuration of the device's credentials.
 *
 * @param hostname the gateway hostname, lower case
 * @param deviceId the IoT Hub device id, or empty
 * @param edgeCaMethod quickstart, manual, or an issuer method
 * @param edgeCaCommonName the Edge CA subject CN
 * @param edgeCaValidity lifetime of a generated or issued Edge CA
 * @param edgeCaKeyPreference key preference for the Edge CA key
 * @param edgeCaIssuerId CA id for {@code local_ca}, or null
 * @param moduleValidity lifetime of module certificates
 * @param moduleKeyPreference key preference for module keys
 * @param serviceTimeout bounded wait for missing services
 */
record EdgeSettings(String hostname, String deviceId, String edgeCaMethod, String edgeCaCommonName,
        Duration edgeCaValidity, String edgeCaKeyPreference, String edgeCaIssuerId, Duration moduleValidity,
        String moduleKeyPreference, Duration serviceTimeout) {

    /** Longest subject CN (RFC 5280 ub-common-name). */
    static final int MAX_COMMON_NAME = 64;

    static EdgeSettings from(EdgeConfig config, String osHostname) throws WorkloadException {
        String hostname = (config.hostname().isBlank() ? osHostname : config.hostname()).trim().toLowerCase();
        requireHostname(hostname);
        String deviceId = config.device__id().trim();
        String method = config.edge__ca__method().trim();
        if (method.isEmpty()) {
            method = EdgeCaSetup.QUICKSTART;
        }
        String commonName = config.edge__ca__common__name().isBlank()
                ? defaultEdgeCaCommonName(deviceId.isEmpty() ? hostname : deviceId)
                : config.edge__ca__common__name().trim();
        if (commonName.length() > MAX_COMMON_NAME) {
            throw invalid("edge_ca_common_name", "a common name has at most 64 characters");
        }
        if (config.edge__ca__expiry__days() <= 0) {
            throw invalid("edge_ca_expiry_days", "the Edge CA lifetime must be at least one day");
        }
        if (config.module__cert__validity__days() <= 0) {
            throw invalid("module_cert_validity_days", "the module certificate lifetime must be at least one day");
        }
        if (config.service__timeout__seconds() <= 0) {
            throw invalid("service_timeout_seconds", "the service wait must be at least one second");
        }
        return new EdgeSettings(hostname, deviceId, method, commonName,
                Duration.ofDays(config.edge__ca__expiry__days()), config.edge__ca__key__algorithm().trim(),
                config.edge__ca__issuer__id().isBlank() ? null : config.edge__ca__issuer__id().trim(),
                Duration.ofDays(config.module__cert__validity__days()), config.module__key__algorithm().trim(),
                Duration.ofSeconds(config.service__timeout__seconds()));
    }

    /** IoT Edge's quickstart name, cut to the 64 characters a CN may have. */
    static String defaultEdgeCaCommonName(String deviceIdOrHostname) {
        String name = "aziot-edge CA " + deviceIdOrHostname;
        return name.length() > MAX_COMMON_NAME ? name.substring(0, MAX_COMMON_NAME) : name;
    }

    static boolean isIpAddress(String host) {
        return IPAddress.isValid(host);
    }

    private static void requireHostname(String hostname) throws WorkloadException {
        if (hostname.isEmpty()) {
            throw invalid("hostname", "a hostname is required");
        }
        if (isIpAddress(hostname)) {
            return;
        }
        if (hostname.length() > 255 || !hostname.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw invalid("hostname", "'" + hostname + "' is not an RFC 1123 hostname or an IP address");
        }
    }

    private static WorkloadException invalid(String attribute, String rule) {
        return new WorkloadException(EdgeCredentials.PID + "/" + attribute, rule, false, null);
    }
}
