package org.edgepki.common.naming;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The names a device goes by when config.toml gives none: its hostname, and IoT Edge's name for its Edge CA. */
public final class DeviceNames {
    /** The longest common name (RFC 5280 ub-common-name). */
    public static final int MAX_COMMON_NAME = 64;

    private DeviceNames() {
    }

    /** @return the operating system's hostname, or {@code localhost} when it has none that resolves */
    public static String osHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * @param deviceIdOrHostname the device id, else the hostname
     * @return IoT Edge's name for a quickstart (or unnamed) Edge CA, {@code aziot-edge CA <name>}, cut to the 64
     *     characters a CN may have
     */
    public static String defaultEdgeCaCommonName(String deviceIdOrHostname) {
        String name = "aziot-edge CA " + deviceIdOrHostname;
        return name.length() > MAX_COMMON_NAME ? name.substring(0, MAX_COMMON_NAME) : name;
    }
}
