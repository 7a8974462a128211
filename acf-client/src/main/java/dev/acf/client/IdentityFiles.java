package dev.acf.client;

import dev.acf.api.name.AgentName;
import dev.acf.client.internal.AtomicFiles;
import dev.acf.client.internal.KeyCodec;
import dev.acf.client.internal.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The on-disk form of an {@link AgentIdentity}: {@code key.pem} (PKCS#8, owner-only),
 * {@code cert.pem} (the chain, leaf first), {@code ca.pem} (the CA chain) and {@code name} (the
 * ANS name, so an identity still waiting for approval can be reloaded).
 *
 * <p>A switch to a new key and chain must never leave a key beside a certificate of another key.
 * Every file is staged first ({@code *.next}, forced to disk), then renamed into place in the
 * order ca, cert, key. A crash after {@code cert.pem} moved but before {@code key.pem} did leaves
 * the new key staged in {@code key.pem.next}; {@link #read} finds the mismatch and completes the
 * rename. Not thread-safe: {@link AgentIdentity} serializes writes.
 */
final class IdentityFiles {
    static final String KEY = "key.pem";
    static final String CERT = "cert.pem";
    static final String CA = "ca.pem";
    static final String NAME = "name";

    /** What a directory holds. */
    record Contents(AgentName name, KeyPair key, List<X509Certificate> chain, List<X509Certificate> caChain, Instant certifiedAt) {}

    private IdentityFiles() {}

    static void write(Path dir, AgentName name, KeyPair key, List<X509Certificate> chain, List<X509Certificate> caChain) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.stage(dir.resolve(KEY), Pem.bytes(Pem.encode("PRIVATE KEY", key.getPrivate().getEncoded())), true);
            if (!chain.isEmpty()) {
                AtomicFiles.stage(dir.resolve(CERT), Pem.bytes(Pem.certificates(chain)), false);
            }
            if (!caChain.isEmpty()) {
                AtomicFiles.stage(dir.resolve(CA), Pem.bytes(Pem.certificates(caChain)), false);
            }
            AtomicFiles.write(dir.resolve(NAME), (name + "\n").getBytes(StandardCharsets.UTF_8), false);
            if (!caChain.isEmpty()) {
                AtomicFiles.commit(dir.resolve(CA));
            }
            if (!chain.isEmpty()) {
                AtomicFiles.commit(dir.resolve(CERT));
            }
            AtomicFiles.commit(dir.resolve(KEY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the identity of " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    static Contents read(Path dir) {
        try {
            KeyPair key = KeyCodec.readPkcs8(single(dir.resolve(KEY), "PRIVATE KEY"));
            List<X509Certificate> chain = certificates(dir.resolve(CERT));
            if (!chain.isEmpty() && !KeyCodec.sameKey(key.getPublic(), chain.get(0).getPublicKey())) {
                key = recoverInterruptedSwitch(dir, chain.get(0));
            }
            List<X509Certificate> caChain = certificates(dir.resolve(CA));
            AgentName name = name(dir, chain);
            Instant certifiedAt = chain.isEmpty() ? Instant.EPOCH : Files.getLastModifiedTime(dir.resolve(CERT)).toInstant();
            return new Contents(name, key, chain, caChain, certifiedAt);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no agent identity in " + dir + ": " + e.getFile() + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent identity in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the agent identity in " + dir + " is damaged: " + e.getMessage(), e);
        }
    }

    private static KeyPair recoverInterruptedSwitch(Path dir, X509Certificate leaf) throws IOException, GeneralSecurityException {
        Path staged = AtomicFiles.pending(dir.resolve(KEY));
        if (Files.exists(staged)) {
            KeyPair next = KeyCodec.readPkcs8(single(staged, "PRIVATE KEY"));
            if (KeyCodec.sameKey(next.getPublic(), leaf.getPublicKey())) {
                AtomicFiles.commit(dir.resolve(KEY));
                return next;
            }
        }
        throw new GeneralSecurityException(KEY + " does not hold the key of the certificate in " + CERT);
    }

    private static AgentName name(Path dir, List<X509Certificate> chain) throws IOException, CertificateParsingException {
        Path file = dir.resolve(NAME);
        if (Files.exists(file)) {
            return AgentName.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        }
        if (!chain.isEmpty()) {
            AgentName fromCertificate = AgentIdentity.nameOf(chain.get(0));
            if (fromCertificate != null) {
                return fromCertificate;
            }
        }
        throw new NoSuchFileException(file.toString());
    }

    private static byte[] single(Path file, String label) throws IOException, GeneralSecurityException {
        List<byte[]> blocks = Pem.decode(Files.readString(file, StandardCharsets.US_ASCII), label);
        if (blocks.size() != 1) {
            throw new GeneralSecurityException(file.getFileName() + " must hold exactly one " + label + " block, found " + blocks.size());
        }
        return blocks.get(0);
    }

    private static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        return Files.exists(file) ? Pem.parseCertificates(Files.readString(file, StandardCharsets.US_ASCII)) : List.of();
    }
}
