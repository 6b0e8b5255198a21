package org.edgepki.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

class CommonNamesTest {
    @Test
    void a_cn_is_read_as_the_text_a_configuration_gives() throws Exception {
        assertEquals(Optional.of("a,b+c=\"d\";#e"), CommonNames.of(new X500Principal(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "a,b+c=\"d\";#e").addRDN(BCStyle.O, "x").build().getEncoded())),
                "device ids may hold , + = \" ; # which RFC 4514 escapes");
        assertEquals(Optional.of("gw1"), CommonNames.of(new X500Principal("O=org, CN=gw1")));
        assertEquals(Optional.empty(), CommonNames.of(new X500Principal("O=org")));
    }
}
