package org.edgepki.keystore.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.common.crypto.CryptoProviders;
import org.edgepki.common.crypto.KeyHandle;
import org.edgepki.common.crypto.KeyHandleProvider;
import org.edgepki.common.files.AtomicFiles;
import org.edgepki.common.files.IoFailure;
import org.edgepki.common.files.ParsedFileCache;
import org.edgepki.common.files.ParsedFileCache.FileStamp;
import org.edgepki.common.files.StoreFileName;
import org.edgepki.common.pkcs11.Pkcs11Uri;

/**
 * Keys as unencrypted PKCS#8 PEM files, mode 0600, in one 0700 directory
 * ({@code <home>/keyd/keys}); reads keys at any {@code file:} URI. Writes only inside its
 * directory, so preloaded keys elsewhere are never touched. Thread-safe.
 */
public final class FileKeyStore implements KeyProvider {
    /** The JCA provider that signs with this bundle's file key handles (in the JVM-wide list while in use). */
    static final String HANDLES = "edgepki-keys";
    /** Key files are a few kilobytes; this bounds what a wrong path can make us read. */
    static final long MAX_KEY_FILE_SIZE = 1 << 20;

    private final Path keyDirectory;
    private final ParsedFileCache<LoadedKey> cache = new ParsedFileCache<>();

    /**
     * @param keyDirectory the directory of stored keys, created on the first write
     */
    public FileKeyStore(Path keyDirectory) {
        this.keyDirectory = keyDirectory.toAbsolutePath().normalize();
    }

    Path keyDirectory() {
        return keyDirectory;
    }

    /** Forgets every parsed key. */
    void clear() {
        cache.clear();
    }

    int cachedKeys() {
        return cache.size();
    }

    @Override
    public Optional<URI> baseLocation(String keyId) {
        return Optional.of(keyDirectory.resolve(StoreFileName.of(keyId, ".key")).toUri());
    }

    @Override
    public Optional<KeyPairInfo> find(String keyId, URI location) throws KeyException {
        return load(path(location)).map(key -> info(keyId, location, key));
    }

    @Override
    public KeyPairInfo generate(String keyId, URI location, KeyAlgorithm algorithm) throws KeyException {
        Path file = writablePath(location);
        PrivateKey generated = newKeyPair(keyId, algorithm);
        return info(keyId, location, write(file, generated, keyId));
    }

    @Override
    public KeyPairInfo store(String keyId, URI location, PrivateKey privateKey) throws KeyException {
        Path file = writablePath(location);
        return info(keyId, location, write(file, privateKey, keyId));
    }

    @Override
    public void delete(String keyId, URI location) throws KeyException {
        Path file = writablePath(location);
        try {
            AtomicFiles.delete(file);
        } catch (IOException e) {
            throw new KeyException(file.toString(), "cannot be deleted: " + e, true, e);
        } finally {
            cache.invalidate(file);
        }
    }

    @Override
    public void move(URI from, URI to) throws KeyException {
        Path source = writablePath(from);
        Path target = writablePath(to);
        try {
            AtomicFiles.move(source, target);
        } catch (NoSuchFileException e) {
            throw new KeyException(source.toString(), "there is no key file to move", false, e);
        } catch (IOException e) {
            throw new KeyException(source.toString(), "cannot be moved to " + target + ": " + e, true, e);
        } finally {
            cache.invalidate(source);
            cache.invalidate(target);
        }
    }

    @Override
    public byte[] sign(String keyId, URI location, String signatureAlgorithm, byte[] data) throws KeyException {
        return sign(keyId, location, signatureAlgorithm, null, data);
    }

    private byte[] sign(String keyId, URI location, String signatureAlgorithm, AlgorithmParameterSpec parameters,
            byte[] data) throws KeyException {
        LoadedKey key = require(keyId, location);
        Signature signature;
        PrivateKey signingKey;
        try {
            Provider provider = CryptoProviders.forSignature(signatureAlgorithm, key.privateKey());
            signature = Signature.getInstance(signatureAlgorithm, provider);
            signingKey = key.privateKeyFor(provider);
        } catch (NoSuchAlgorithmException e) {
            throw new KeyException(keyId, "signature algorithm '" + signatureAlgorithm + "' is not known", false, e);
        }
        try {
            signature.initSign(signingKey);
            if (parameters != null) {
                signature.setParameter(parameters);
            }
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new KeyException(keyId, "signature algorithm " + signatureAlgorithm + " does not fit the "
                    + key.algorithm().preferenceName() + " key", false, e);
        }
        try {
            signature.update(data);
            return signature.sign();
        } catch (SignatureException e) {
            throw new KeyException(keyId, "signing with " + signatureAlgorithm + " failed", false, e);
        }
    }

    /**
     * A handle that signs through this store ({@link KeyHandle}): the key itself never leaves it, and the
     * file is read again (through the parse cache) for every signature, so a replaced key is used at once.
     */
    @Override
    public PrivateKey privateKeyHandle(String keyId, URI location) throws KeyException {
        LoadedKey key = require(keyId, location);
        KeyHandleProvider.install(HANDLES, "edgepki: signatures with the key service's file keys");
        return KeyHandle.of(keyId, location, key.publicKey(), (algorithm, parameters, data) -> {
            try {
                return sign(keyId, location, algorithm, parameters, data);
            } catch (KeyException e) {
                throw new SignatureException(e.getMessage(), e);
            }
        });
    }

    /** Maps a read failure to the rule a person can act on; the message names the file. */
    static KeyException unreadable(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new KeyException(file.toString(), "cannot be read: permission denied; "
                    + "the key file must be readable by the gateway's user (mode 0600, owned by it)", false, e);
        }
        return new KeyException(file.toString(), "cannot be read: " + e, false, e);
    }

    private LoadedKey require(String keyId, URI location) throws KeyException {
        Path file = path(location);
        return load(file).orElseThrow(() -> new KeyException(file.toString(),
                "no key file exists for key '" + keyId + "'"));
    }

    private Optional<LoadedKey> load(Path file) throws KeyException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cache.invalidate(file);
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (attributes.isDirectory()) {
            throw new KeyException(file.toString(), "is a directory where a key file is expected");
        }
        if (!attributes.isRegularFile()) {
            throw new KeyException(file.toString(), "is not a regular file; a key file is expected");
        }
        if (attributes.size() > MAX_KEY_FILE_SIZE) {
            throw new KeyException(file.toString(), "is larger than 1 MiB; a key file is a few kilobytes");
        }
        FileStamp stamp = FileStamp.of(attributes);
        LoadedKey cached = cache.get(file, stamp);
        if (cached != null) {
            return Optional.of(cached);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        try {
            LoadedKey key = PrivateKeyDecoder.decode(PrivateKeyPem.parse(content, file.toString()),
                    file.toString());
            cache.put(file, stamp, key);
            return Optional.of(key);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private LoadedKey write(Path file, PrivateKey privateKey, String keyId) throws KeyException {
        byte[] given = privateKey.getEncoded();
        if (given == null) {
            throw new KeyException(keyId, "the private key cannot be exported (it may live on a token), "
                    + "so it cannot be stored in a file");
        }
        byte[] normalised = null;
        byte[] pem = null;
        try {
            LoadedKey key = PrivateKeyDecoder.decode(pkcs8(given, keyId), keyId);
            normalised = key.privateKey().getEncoded();
            pem = PrivateKeyPem.encode(normalised);
            AtomicFiles.ensureDirectory(keyDirectory, AtomicFiles.PRIVATE_DIR);
            AtomicFiles.write(file, pem, AtomicFiles.PRIVATE_FILE);
            return key;
        } catch (IOException e) {
            throw new KeyException(file.toString(), "cannot be written: " + IoFailure.reason(e), true, e);
        } finally {
            cache.invalidate(file);
            wipe(given, normalised, pem);
        }
    }

    private static PrivateKeyInfo pkcs8(byte[] encoded, String keyId) throws KeyException {
        try {
            return PrivateKeyInfo.getInstance(encoded);
        } catch (RuntimeException e) {
            // Not chained: the decoder's message may quote key bytes.
            throw new KeyException(keyId, "the private key's encoding is not PKCS#8");
        }
    }

    private PrivateKey newKeyPair(String keyId, KeyAlgorithm algorithm) throws KeyException {
        boolean ec = algorithm == KeyAlgorithm.EC_P256 || algorithm == KeyAlgorithm.EC_P384;
        AlgorithmParameterSpec parameters = switch (algorithm) {
            case EC_P256 -> new ECGenParameterSpec("secp256r1");
            case EC_P384 -> new ECGenParameterSpec("secp384r1");
            case RSA_2048 -> new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4);
            case RSA_3072 -> new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4);
            case RSA_4096 -> new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4);
        };
        try {
            String type = ec ? "EC" : "RSA";
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type, CryptoProviders.forKeys(type));
            generator.initialize(parameters);
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new KeyException(keyId, "cannot generate a " + algorithm.preferenceName() + " key", false, e);
        }
    }

    private static KeyPairInfo info(String keyId, URI location, LoadedKey key) {
        return new KeyPairInfo(keyId, location, key.algorithm(), key.publicKey());
    }

    private static Path path(URI location) throws KeyException {
        if (!"file".equalsIgnoreCase(location.getScheme())) {
            throw new KeyException(Pkcs11Uri.redact(String.valueOf(location)), "is not a file: URI");
        }
        try {
            return Path.of(location).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new KeyException(location.toString(), "is not a usable file URI; write file:///absolute/path",
                    false, e);
        }
    }

    private Path writablePath(URI location) throws KeyException {
        Path file = path(location);
        if (!keyDirectory.equals(file.getParent())) {
            throw new KeyException(file.toString(), "is outside the key store " + keyDirectory
                    + "; the file key provider writes only there");
        }
        return file;
    }

    private static void wipe(byte[]... arrays) {
        for (byte[] array : arrays) {
            if (array != null) {
                Arrays.fill(array, (byte) 0);
            }
        }
    }
}
