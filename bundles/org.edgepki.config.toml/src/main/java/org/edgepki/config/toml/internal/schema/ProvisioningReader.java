package org.edgepki.config.toml.internal.schema;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgepki.config.toml.internal.schema.Provisioning.X509Identity;

/**
 * Reads {@code [provisioning]}. Everything is validated; edgepki uses the device id and the X.509
 * identity, and the cloud parts (SAS keys, DPS endpoints) only as far as checking them.
 */
final class ProvisioningReader {
    private static final Set<String> IDENTITY_METHODS = Set.of(Issuance.EST, Issuance.LOCAL_CA);

    private ProvisioningReader() {
    }

    static Optional<Provisioning> read(TomlSection root) {
        Optional<TomlSection> table = root.table("provisioning");
        if (table.isEmpty()) {
            return Optional.empty();
        }
        TomlSection provisioning = table.get();
        Optional<String> source = provisioning.text("source");
        Optional<Provisioning> result = Optional.empty();
        if (source.isEmpty()) {
            if (!provisioning.has("source")) {
                provisioning.tableError("needs source = \"manual\" or \"dps\"");
            }
        } else if (source.get().equals("manual")) {
            result = manual(provisioning);
        } else if (source.get().equals("dps")) {
            result = dps(provisioning);
        } else if (source.get().equals("none")) {
            provisioning.notice("source", "\"none\": the device is not provisioned; edgepki manages no device identity");
        } else {
            provisioning.error("source", "\"" + source.get() + "\" is not a provisioning source; use \"manual\" or \"dps\"");
        }
        provisioning.has("dynamic_reprovisioning");
        provisioning.has("always_reprovision_on_startup");
        provisioning.warnUnknownKeys();
        return result;
    }

    private static Optional<Provisioning> manual(TomlSection provisioning) {
        if (provisioning.has("connection_string")) {
            for (String key : new String[] {"iothub_hostname", "device_id", "authentication"}) {
                if (provisioning.has(key)) {
                    provisioning.error(key, "give either connection_string or iothub_hostname + device_id +"
                            + " [provisioning.authentication], not both");
                }
            }
            return provisioning.string("connection_string").flatMap(text -> connectionString(provisioning, text));
        }
        Optional<String> hub = Values.hostname(provisioning, "iothub_hostname");
        Optional<String> deviceId = deviceId(provisioning, "device_id");
        requireKey(provisioning, "iothub_hostname", "the IoT Hub, e.g. \"example.azure-devices.net\"");
        requireKey(provisioning, "device_id", "the device id registered in IoT Hub");
        if (!provisioning.has("authentication")) {
            provisioning.tableError("needs [provisioning.authentication] with method = \"sas\" or \"x509\""
                    + " (or a connection_string)");
            return Optional.empty();
        }
        Optional<TomlSection> authentication = provisioning.table("authentication");
        if (authentication.isEmpty()) {
            return Optional.empty();
        }
        TomlSection auth = authentication.get();
        Optional<String> method = auth.text("method");
        Optional<X509Identity> x509 = Optional.empty();
        boolean valid = method.isPresent();
        if (method.isEmpty() && !auth.has("method")) {
            auth.tableError("needs method = \"sas\" or \"x509\"");
        } else if (method.isPresent() && method.get().equals("sas")) {
            valid = symmetricKey(auth, "device_id_pk");
        } else if (method.isPresent() && method.get().equals("x509")) {
            x509 = x509Identity(auth);
            valid = x509.isPresent();
        } else if (method.isPresent()) {
            auth.error("method", "\"" + method.get() + "\" is not an authentication method; use \"sas\" or \"x509\"");
            valid = false;
        }
        auth.warnUnknownKeys();
        if (!valid || hub.isEmpty() || deviceId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Provisioning.Manual(hub.get(), deviceId.get(), method.get(), x509));
    }

    private static Optional<Provisioning> dps(TomlSection provisioning) {
        Optional<String> endpoint = Values.httpsUrl(provisioning, "global_endpoint");
        Optional<String> idScope = provisioning.text("id_scope");
        requireKey(provisioning, "global_endpoint", "e.g. \"https://global.azure-devices-provisioning.net\"");
        requireKey(provisioning, "id_scope", "the DPS id scope, e.g. \"0ab1234C5D6\"");
        provisioning.table("payload").ifPresent(payload -> {
            Values.fileUri(payload, "uri");
            requireKey(payload, "uri", "a file URI of the JSON payload");
            payload.warnUnknownKeys();
        });
        if (!provisioning.has("attestation")) {
            provisioning.tableError("needs [provisioning.attestation] with method = \"x509\", \"symmetric_key\" or \"tpm\"");
            return Optional.empty();
        }
        Optional<TomlSection> table = provisioning.table("attestation");
        if (table.isEmpty()) {
            return Optional.empty();
        }
        TomlSection attestation = table.get();
        Optional<String> method = attestation.text("method");
        Optional<String> registrationId = deviceId(attestation, "registration_id");
        Optional<X509Identity> x509 = Optional.empty();
        boolean valid = method.isPresent();
        if (method.isEmpty() && !attestation.has("method")) {
            attestation.tableError("needs method = \"x509\", \"symmetric_key\" or \"tpm\"");
        } else if (method.isPresent() && method.get().equals("symmetric_key")) {
            requireKey(attestation, "registration_id", "the DPS registration id");
            valid = symmetricKey(attestation, "symmetric_key") && registrationId.isPresent();
        } else if (method.isPresent() && method.get().equals("tpm")) {
            attestation.notice("method", "TPM attestation is done by the TPM; edgepki manages no device identity"
                    + " certificate for it");
        } else if (method.isPresent() && method.get().equals("x509")) {
            x509 = x509Identity(attestation);
            valid = x509.isPresent();
        } else if (method.isPresent()) {
            attestation.error("method", "\"" + method.get() + "\" is not an attestation method; use \"x509\","
                    + " \"symmetric_key\" or \"tpm\"");
            valid = false;
        }
        attestation.warnUnknownKeys();
        if (!valid || endpoint.isEmpty() || idScope.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Provisioning.Dps(endpoint.get(), idScope.get(), method.get(), registrationId, x509));
    }

    /** {@code identity_cert} (a file URI or an issuance table) and {@code identity_pk}. */
    private static Optional<X509Identity> x509Identity(TomlSection table) {
        Optional<KeyLocation> pk = Values.keyUri(table, "identity_pk");
        if (!table.has("identity_cert")) {
            table.tableError("needs identity_cert: a file URI, or a table with method = \"est\" or \"local_ca\"");
            return Optional.empty();
        }
        Optional<IdentityCert> cert;
        if (table.isTable("identity_cert")) {
            cert = table.table("identity_cert").flatMap(issuanceTable -> {
                Optional<Issuance> issuance = IssuanceReader.read(issuanceTable, IDENTITY_METHODS);
                issuanceTable.warnUnknownKeys();
                return issuance;
            }).map(IdentityCert.Issued::new);
        } else {
            cert = Values.fileUri(table, "identity_cert").map(IdentityCert.File::new);
            if (!table.has("identity_pk")) {
                table.error("identity_cert", "a certificate from a file needs identity_pk, its key");
                return Optional.empty();
            }
        }
        if (cert.isEmpty() || table.has("identity_pk") && pk.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new X509Identity(cert.get(), pk));
    }

    /** A SAS or symmetric key: {@code { value = "base64" }} or {@code { uri = "file:///…" | "pkcs11:…" }}. */
    private static boolean symmetricKey(TomlSection table, String key) {
        if (!table.has(key)) {
            table.tableError("needs " + key + " = { value = \"<base64>\" } or { uri = \"file:///…\" }");
            return false;
        }
        Optional<TomlSection> keyTable = table.table(key);
        if (keyTable.isEmpty()) {
            return false;
        }
        TomlSection source = keyTable.get();
        boolean hasValue = source.has("value");
        boolean hasUri = source.has("uri");
        boolean valid = hasValue != hasUri;
        if (!valid) {
            source.tableError("needs exactly one of value (the key, base64) or uri (file or PKCS#11 URI)");
        } else if (hasValue) {
            Optional<String> value = source.string("value");
            if (value.isPresent() && !isBase64(value.get())) {
                // The value is a secret: the message says what is wrong, never what it is.
                source.error("value", "must be the key in base64");
                valid = false;
            }
            valid = valid && value.isPresent();
        } else {
            valid = Values.keyUri(source, "uri").isPresent();
        }
        source.warnUnknownKeys();
        return valid;
    }

    private static Optional<Provisioning> connectionString(TomlSection provisioning, String text) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        String hostName = parts.get("HostName");
        String deviceId = parts.get("DeviceId");
        String key = parts.get("SharedAccessKey");
        if (hostName == null || deviceId == null || key == null || hostName.isBlank() || deviceId.isBlank()
                || !isBase64(key)) {
            provisioning.error("connection_string", "must be \"HostName=<hub>;DeviceId=<id>;SharedAccessKey=<base64>\""
                    + " (missing or empty: " + String.join(", ", missing(hostName, deviceId, key)) + ")");
            return Optional.empty();
        }
        return Optional.of(new Provisioning.Manual(hostName, deviceId, "sas", Optional.empty()));
    }

    private static String[] missing(String hostName, String deviceId, String key) {
        return Arrays.stream(new String[] {hostName == null || hostName.isBlank() ? "HostName" : null,
            deviceId == null || deviceId.isBlank() ? "DeviceId" : null,
            key == null || !isBase64(key) ? "SharedAccessKey (base64)" : null})
                .filter(name -> name != null).toArray(String[]::new);
    }

    /** Device and registration ids: IoT Hub allows up to 128 ASCII letters, digits and {@code -.%_*?!(),:=@$'}. */
    private static Optional<String> deviceId(TomlSection table, String key) {
        Optional<String> id = table.text(key);
        if (id.isPresent() && !id.get().matches("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}")) {
            table.error(key, "\"" + id.get() + "\" is not a valid IoT Hub id (up to 128 of A–Z a–z 0–9 -.%_*?!(),:=@$')");
            return Optional.empty();
        }
        return id;
    }

    private static void requireKey(TomlSection table, String key, String what) {
        if (!table.has(key)) {
            table.tableError("needs " + key + ": " + what);
        }
    }

    private static boolean isBase64(String value) {
        if (value.isEmpty()) {
            return false;
        }
        try {
            java.util.Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
