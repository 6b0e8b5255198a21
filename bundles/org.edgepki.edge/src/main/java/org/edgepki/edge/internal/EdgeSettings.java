package org.edgepki.edge.internal;

import java.time.Duration;
import org.bouncycastle.util.IPAddress;
import org.edgepki.api.workload.WorkloadException;

/**
 * Validated configuration of the device's names and its module certificates.
 *
 * @param hostname the gateway hostname, lower case
 * @param deviceId the IoT Hub device id, or empty
 * @param registrationId the DPS registration id, or empty
 * @param moduleValidity lifetime of module certificates
 * @param moduleKeyPreference key preference for module keys
 * @param serviceTimeout bounded wait for missing services
 */
record EdgeSettings(String hostname, String deviceId, String registrationId, Duration moduleValidity,
        String moduleKeyPreference, Duration serviceTimeout) {

    static EdgeSettings from(EdgeConfig config, String osHostname) throws WorkloadException {
        String hostname = (config.hostname().isBlank() ? osHostname : config.hostname()).trim().toLowerCase();
        requireHostname(hostname);
        if (config.module__cert__validity__days() <= 0) {
            throw invalid("module_cert_validity_days", "the module certificate lifetime must be at least one day");
        }
        if (config.service__timeout__seconds() <= 0) {
            throw invalid("service_timeout_seconds", "the service wait must be at least one second");
        }
        return new EdgeSettings(hostname, config.device__id().trim(), config.registration__id().trim(),
                Duration.ofDays(config.module__cert__validity__days()), config.module__key__algorithm().trim(),
                Duration.ofSeconds(config.service__timeout__seconds()));
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
