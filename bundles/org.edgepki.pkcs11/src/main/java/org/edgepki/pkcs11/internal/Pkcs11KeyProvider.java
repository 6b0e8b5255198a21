package org.edgepki.pkcs11.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgepki.api.check.Check;
import org.edgepki.api.check.Finding;
import org.edgepki.api.key.KeyAlgorithm;
import org.edgepki.api.key.KeyEvents;
import org.edgepki.api.key.KeyException;
import org.edgepki.api.key.KeyPairInfo;
import org.edgepki.api.key.KeyProvider;
import org.edgepki.common.crypto.KeyHandle;
import org.edgepki.common.crypto.KeyHandleProvider;
import org.edgepki.common.pkcs11.Pkcs11Uri;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * The {@code scheme=pkcs11} key provider: keys on a PKCS#11 token, named by RFC 7512 URIs. With a
 * base slot configured it is also a key store of its own: keys are generated on that token,
 * labelled with their key id, and never exist outside it. Private keys never leave the token;
 * PINs never appear in a message.
 */
@Component(service = {KeyProvider.class, Check.class}, configurationPid = Pkcs11KeyProvider.PID,
        property = {KeyProvider.SCHEME + "=pkcs11", Check.ID + "=" + TokenCheck.ID, Check.REACHES_OUT + ":Boolean=true"})
@Designate(ocd = Pkcs11Config.class)
public final class Pkcs11KeyProvider implements KeyProvider, Check {
    static final String PID = "org.edgepki.pkcs11";
    /** The JCA provider that signs with this bundle's token key handles. */
    static final String HANDLES = "edgepki-pkcs11";
    private static final Logger LOG = System.getLogger(Pkcs11KeyProvider.class.getName());

    private volatile Optional<Pkcs11Uri> baseSlot = Optional.empty();
    private volatile Tokens tokens;
    private volatile String libraryPath = "";

    @Activate
    private void activate(Pkcs11Config config) {
        WrapperLogging.silence();
        KeyHandleProvider.install(HANDLES, "edgepki: signatures with keys on PKCS#11 tokens");
        configure(config.library__path().trim(), config.base__slot().trim());
    }

    @Modified
    private void modified(Pkcs11Config config) {
        configure(config.library__path().trim(), config.base__slot().trim());
        // Another library, token or PIN: keys may be found now that were not (a fixed PIN, say).
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(KeyEvents.TOPIC_ROUTES_CHANGED, Map.of(KeyEvents.KEY_IDS, new String[0],
                    KeyEvents.BASE_CHANGED, true)));
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    /** Applies a configuration: the sessions of the previous one are closed. */
    synchronized void configure(String libraryPath, String configured) {
        Optional<Pkcs11Uri> slot = Optional.empty();
        if (!configured.isEmpty()) {
            try {
                slot = Optional.of(Pkcs11Uri.parse(configured));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.ERROR, "{0}/base_slot {1} is not a valid PKCS#11 URI (RFC 7512): {2}; keys are not"
                        + " generated on a token until it is fixed", PID, Pkcs11Uri.redact(configured), e.getMessage());
            }
        }
        // The old sessions close and the library is finalised (C_Finalize is process-wide) before the new
        // Tokens can initialise it again: published first, a request could open the library through the new
        // one and then lose it under the old one's C_Finalize, which crashed SoftHSM2 in C_GetSlotList.
        // Meanwhile requests get the closed Tokens' retryable "being reconfigured" error.
        Tokens previous = tokens;
        if (previous != null) {
            previous.close();
        }
        this.libraryPath = libraryPath;
        baseSlot = slot;
        tokens = new Tokens(libraryPath, slot);
    }

    @Deactivate
    void deactivate() {
        KeyHandleProvider.uninstall(HANDLES);
        tokens.close();
    }

    /** The {@code check} of the token: see {@link TokenCheck}. */
    @Override
    public List<Finding> run() {
        return TokenCheck.run(tokens, libraryPath, baseSlot);
    }

    @Override
    public Optional<URI> baseLocation(String keyId) {
        return baseSlot.map(slot -> KeyLocations.onBaseSlot(slot, keyId));
    }

    @Override
    public Optional<KeyPairInfo> find(String keyId, URI location) throws KeyException {
        Parsed parsedLocation = parse(keyId, location);
        Pkcs11Uri uri = parsedLocation.uri();
        String shown = parsedLocation.shown();
        // Always a fresh look: another program may have added or removed the key.
        return onToken(uri, shown, (tokenSession, session) -> TokenKeys.find(session, uri, shown))
                .map(objects -> info(keyId, uri, objects));
    }

    @Override
    public KeyPairInfo generate(String keyId, URI location, KeyAlgorithm algorithm) throws KeyException {
        Parsed parsedLocation = parse(keyId, location);
        Pkcs11Uri uri = parsedLocation.uri();
        String shown = parsedLocation.shown();
        TokenKeys.Objects objects = onToken(uri, shown, (tokenSession, session) -> {
            tokenSession.forgetKeys();
            TokenKeys.destroy(session, uri, shown);
            return TokenKeys.generate(session, uri, algorithm, shown);
        });
        return info(keyId, uri, objects);
    }

    @Override
    public KeyPairInfo store(String keyId, URI location, PrivateKey privateKey) throws KeyException {
        throw new KeyException(keyId, "a private key from outside cannot be put on the PKCS#11 token: keys on the"
                + " token are generated there; import the key onto the token with its own tools and preload it by"
                + " pkcs11: URI", false, null);
    }

    @Override
    public void delete(String keyId, URI location) throws KeyException {
        Parsed parsedLocation = parse(keyId, location);
        Pkcs11Uri uri = parsedLocation.uri();
        String shown = parsedLocation.shown();
        onToken(uri, shown, (tokenSession, session) -> {
            tokenSession.forgetKeys();
            TokenKeys.destroy(session, uri, shown);
            return null;
        });
    }

    @Override
    public void move(URI from, URI to) throws KeyException {
        // The key id is only for messages: name the locations without their PINs.
        Pkcs11Uri source = parse(KeyLocations.shown(from), from).uri();
        Pkcs11Uri target = parse(KeyLocations.shown(to), to).uri();
        String shownFrom = KeyLocations.shown(from);
        String shownTo = KeyLocations.shown(to);
        String label = target.pathAttribute("object").orElseThrow(() -> new KeyException(shownTo,
                "a key's new place needs object= (its label)", false, null));
        Tokens current = tokens;
        if (current.select(target, shownTo).session() != current.select(source, shownFrom).session()) {
            throw new KeyException(shownFrom, "cannot be moved to another token (" + shownTo + ")", false, null);
        }
        onToken(source, shownFrom, (tokenSession, session) -> {
            tokenSession.forgetKeys();
            TokenKeys.Objects moving = TokenKeys.find(session, source, shownFrom).orElseThrow(() ->
                    new KeyException(shownFrom, "there is no key to move", false, null));
            TokenKeys.destroy(session, target, shownTo);
            TokenKeys.relabel(session, moving, label);
            return null;
        });
    }

    @Override
    public byte[] sign(String keyId, URI location, String signatureAlgorithm, byte[] data) throws KeyException {
        return signWith(keyId, location, signatureAlgorithm, null, data);
    }

    private byte[] signWith(String keyId, URI location, String signatureAlgorithm,
            java.security.spec.AlgorithmParameterSpec parameters, byte[] data) throws KeyException {
        Parsed parsedLocation = parse(keyId, location);
        Pkcs11Uri uri = parsedLocation.uri();
        String shown = parsedLocation.shown();
        return onToken(uri, shown, (tokenSession, session) -> {
            TokenKeys.Objects key = tokenSession.key(session, uri, shown).orElseThrow(() ->
                    new KeyException(shown, "no private key matches (key " + keyId + ")", false, null));
            return TokenSignatures.sign(session, key, signatureAlgorithm, parameters, data, keyId);
        });
    }

    /**
     * A handle JSSE can use: signatures with it run on the token through {@link KeyHandleProvider}.
     * After this bundle is updated, get a new handle (a new key manager).
     */
    @Override
    public PrivateKey privateKeyHandle(String keyId, URI location) throws KeyException {
        KeyPairInfo key = find(keyId, location).orElseThrow(() -> new KeyException(KeyLocations.shown(location),
                "no private key matches (key " + keyId + ")", false, null));
        return KeyHandle.of(keyId, key.location(), key.publicKey(), (algorithm, parameters, data) -> {
            try {
                return signWith(keyId, location, algorithm, parameters, data);
            } catch (KeyException e) {
                throw new java.security.SignatureException(e.getMessage());
            }
        });
    }

    /** Work on a token, in its session. */
    private interface OnToken<T> {
        T run(TokenSession tokenSession, Session session) throws TokenException, KeyException;
    }

    /**
     * Runs work in the session of the token the URI selects. A request that selected its session
     * just before a reconfiguration closed it is refused by that session (retryable) and runs again
     * on the new configuration's, so a reconfiguration costs callers nothing and a token's work
     * never runs in two sessions at once. After {@link #deactivate} the refusal stands.
     */
    private <T> T onToken(Pkcs11Uri uri, String shown, OnToken<T> work) throws KeyException {
        Tokens selectedFrom = tokens;
        while (true) { // each round needs another reconfiguration, so this ends
            try {
                return onToken(selectedFrom, uri, shown, work);
            } catch (KeyException e) {
                Tokens current;
                synchronized (this) { // a reconfiguration under way has published its Tokens when this returns
                    current = tokens;
                }
                if (!e.isRetryable() || current == selectedFrom) {
                    throw e;
                }
                selectedFrom = current;
            }
        }
    }

    private static <T> T onToken(Tokens from, Pkcs11Uri uri, String shown, OnToken<T> work) throws KeyException {
        Tokens.Selected token = from.select(uri, shown);
        return token.session().call(token.pin(), session -> work.run(token.session(), session));
    }

    /** A location parsed, and as it may be shown (without its PIN). */
    private record Parsed(Pkcs11Uri uri, String shown) {
    }

    /** Parsed locations, so a signature neither parses its key's URI nor redacts it again; bounded. */
    private final Map<URI, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    private Parsed parse(String keyId, URI location) throws KeyException {
        Parsed known = parsed.get(location);
        if (known != null) {
            return known;
        }
        Parsed fresh = new Parsed(KeyLocations.parse(keyId, location), KeyLocations.shown(location));
        if (parsed.size() > 1024) {
            parsed.clear();
        }
        parsed.put(location, fresh);
        return fresh;
    }

    private static KeyPairInfo info(String keyId, Pkcs11Uri uri, TokenKeys.Objects objects) {
        return new KeyPairInfo(keyId, KeyLocations.withoutQuery(uri), objects.algorithm(), objects.key());
    }
}
