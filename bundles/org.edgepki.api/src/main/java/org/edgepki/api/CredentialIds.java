package org.edgepki.api;

/**
 * The key and certificate ids IoT Edge itself uses, so files land where its documentation looks.
 * A key and the certificate it belongs to share one id.
 */
public final class CredentialIds {
    /** The Edge CA certificate and key. */
    public static final String EDGE_CA = "aziot-edged-ca";
    /** The trust bundle published to modules: the user trust bundle plus the Edge CA chain. */
    public static final String TRUST_BUNDLE = "aziot-edged-trust-bundle";
    /** The certificates named by {@code trust_bundle_cert}. */
    public static final String USER_TRUST_BUNDLE = "trust-bundle-user";
    /** The device identity certificate and key. */
    public static final String DEVICE_ID = "device-id";
    /** The EST identity certificate and key. */
    public static final String EST_ID = "est-id";
    /** The long-lived EST bootstrap certificate and key. */
    public static final String EST_BOOTSTRAP_ID = "est-bootstrap-id";
    /** Suffix of the id that holds a credential while it is being renewed. */
    public static final String TEMP_SUFFIX = "-temp";
    /** Prefix of every module certificate id. */
    public static final String MODULE_PREFIX = "aziot-edged/module/";

    private CredentialIds() {
    }

    /**
     * @param moduleId the module name, for example {@code "edgeHub"}
     * @return {@code aziot-edged/module/<moduleId>:server}
     */
    public static String moduleServer(String moduleId) {
        return MODULE_PREFIX + moduleId + ":server";
    }

    /**
     * @param moduleId the module name
     * @return {@code aziot-edged/module/<moduleId>:identity}
     */
    public static String moduleIdentity(String moduleId) {
        return MODULE_PREFIX + moduleId + ":identity";
    }

    /**
     * @param certId a certificate id
     * @return whether it is a module's server or identity certificate (and not a renewal's
     *     temporary copy of one)
     */
    public static boolean isModuleCertificate(String certId) {
        return certId.startsWith(MODULE_PREFIX) && !certId.endsWith(TEMP_SUFFIX);
    }
}
