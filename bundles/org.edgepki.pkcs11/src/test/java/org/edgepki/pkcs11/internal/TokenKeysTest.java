package org.edgepki.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;

class TokenKeysTest {

    @Test
    void ec_points_are_read_wrapped_or_bare_whatever_their_first_coordinate_byte() throws Exception {
        for (int firstByte = 0; firstByte < 256; firstByte++) {
            byte[] point = new byte[65];
            Arrays.fill(point, (byte) 7);
            point[0] = 0x04;
            point[1] = (byte) firstByte; // 63 made a bare point look like an OCTET STRING of 63 bytes
            assertArrayEquals(point, TokenKeys.ecPoint(SECObjectIdentifiers.secp256r1, point));
            assertArrayEquals(point, TokenKeys.ecPoint(SECObjectIdentifiers.secp256r1, new DEROctetString(point).getEncoded()));
        }
        byte[] p384 = new byte[97];
        p384[0] = 0x04;
        p384[1] = 95;
        assertArrayEquals(p384, TokenKeys.ecPoint(SECObjectIdentifiers.secp384r1, p384));
        assertArrayEquals(p384, TokenKeys.ecPoint(SECObjectIdentifiers.secp384r1, new DEROctetString(p384).getEncoded()));
    }
}
