package org.edgepki.tools.config.migrate;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a 1.1 {@code device_connection_string} the way {@code iotedge config import} does, before
 * it is carried into config.toml: {@code HostName}, {@code DeviceId} and a base64
 * {@code SharedAccessKey} must be present; other parts are ignored. Messages name the missing part
 * and never repeat the string, which holds the device key.
 */
final class DeviceConnectionString {
    /** The IoT Hub rules for names, as iotedge 1.1 enforced them. */
    static final Pattern HOST_NAME = Pattern.compile("[a-zA-Z0-9_\\-.]+");
    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9\\-:.+%_#*?!(),=@;$']{1,128}");

    private DeviceConnectionString() {
    }

    /** @return the connection string, unchanged, once it is known to be complete */
    static String check(YamlField field) throws LegacyConfigException {
        String text = field.string();
        Map<String, String> parts = new HashMap<>();
        for (String part : text.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.putIfAbsent(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
            }
        }
        String hostName = parts.get("HostName");
        if (hostName == null || !HOST_NAME.matcher(hostName).matches()) {
            throw field.error("the connection string needs HostName=<IoT hub host name>");
        }
        String deviceId = parts.get("DeviceId");
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw field.error("the connection string needs DeviceId=<device id>");
        }
        String key = parts.get("SharedAccessKey");
        if (key == null || key.isEmpty()) {
            throw field.error("the connection string needs SharedAccessKey=<base64 key>");
        }
        if (!isBase64(key)) {
            throw field.error("the connection string's SharedAccessKey must be base64");
        }
        return text;
    }

    /** @return whether {@code text} is standard base64 (padding optional) of at least one byte */
    static boolean isBase64(String text) {
        try {
            return Base64.getDecoder().decode(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
