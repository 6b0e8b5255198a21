package org.edgepki.pkcs11.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the PKCS#11 bridge (PID {@value Pkcs11KeyProvider#PID}), from config.toml's
 * {@code [aziot_keys]}. Method names use DS's mapping: a double underscore is one underscore.
 */
@ObjectClassDefinition(id = Pkcs11KeyProvider.PID, name = "edgepki PKCS#11 bridge",
        description = "Keys on a PKCS#11 token (HSM, TPM through a PKCS#11 library, SoftHSM).")
@interface Pkcs11Config {

    @AttributeDefinition(name = "PKCS#11 library", required = false,
            description = "Absolute path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so ([aziot_keys] pkcs11_lib_path).")
    String library__path() default "";

    @AttributeDefinition(name = "Base slot", required = false, type = AttributeType.PASSWORD,
            description = "PKCS#11 URI of the token new keys are generated on, with its PIN as pin-value or pin-source,"
                    + " e.g. pkcs11:token=edge?pin-source=file:///etc/aziot/pin ([aziot_keys] pkcs11_base_slot).")
    String base__slot() default "";
}
