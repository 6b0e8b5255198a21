package org.edgepki.certstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFormatTest {
    @TempDir
    Path dir;

    @Test
    void der_certificates_keys_and_pkcs12_files_are_told_apart_by_their_structure() throws Exception {
        TestPki.Issued issued = TestPki.chain("format").get(0);
        KeyPair ec = issued.keys();
        KeyPair rsa = TestPki.rsaKeyPair();

        assertEquals(FileFormat.DER_CERTIFICATE, FileFormat.of(issued.certificate().getEncoded()));
        assertEquals(FileFormat.DER_PRIVATE_KEY, FileFormat.of(ec.getPrivate().getEncoded()));
        assertEquals(FileFormat.DER_PRIVATE_KEY, FileFormat.of(rsa.getPrivate().getEncoded()));
        assertEquals(FileFormat.DER_PRIVATE_KEY,
                FileFormat.of(PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded()).parsePrivateKey()
                        .toASN1Primitive().getEncoded()));
        assertEquals(FileFormat.DER_PRIVATE_KEY,
                FileFormat.of(PrivateKeyInfo.getInstance(rsa.getPrivate().getEncoded()).parsePrivateKey()
                        .toASN1Primitive().getEncoded()));
        assertEquals(FileFormat.DER_PRIVATE_KEY, FileFormat.of(new JcaPKCS8Generator(ec.getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(TestPki.BC)
                        .setPassword("x".toCharArray()).build()).generate().getContent()));
        assertEquals(FileFormat.PKCS12, FileFormat.of(pkcs12(issued)));
        assertEquals(FileFormat.OTHER_DER, FileFormat.of(ec.getPublic().getEncoded()));
    }

    @Test
    void text_with_a_pem_block_is_pem_even_with_text_around_it() {
        assertEquals(FileFormat.PEM, FileFormat.of(ascii("Bag Attributes\n-----BEGIN CERTIFICATE-----\nMII\n")));
    }

    @Test
    void empty_corrupt_and_unknown_content_is_recognised() throws Exception {
        byte[] der = TestPki.chain("format").get(0).certificate().getEncoded();

        assertEquals(FileFormat.EMPTY, FileFormat.of(new byte[0]));
        assertEquals(FileFormat.EMPTY, FileFormat.of(ascii(" \r\n\t")));
        assertEquals(FileFormat.CORRUPT_DER, FileFormat.of(Arrays.copyOf(der, der.length - 1)));
        assertEquals(FileFormat.CORRUPT_DER, FileFormat.of(Arrays.copyOf(der, der.length + 1)));
        assertEquals(FileFormat.UNKNOWN, FileFormat.of(ascii("certificate")));
    }

    private byte[] pkcs12(TestPki.Issued issued) throws Exception {
        Path key = TestPki.write(dir.resolve("k.pem"), TestPki.pkcs8Pem(issued.keys()));
        Path cert = TestPki.write(dir.resolve("c.pem"), TestPki.pem(issued.certificate()));
        Path p12 = dir.resolve("x.p12");
        OpenSsl.run("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-passout", "pass:x",
                "-out", p12.toString());
        return Files.readAllBytes(p12);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
