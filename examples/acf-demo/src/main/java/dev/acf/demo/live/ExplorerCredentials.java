package dev.acf.demo.live;

import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The PEM files that let a person call the live demo with curl: the ANS CA bundle, and the
 * certificate chain and key of a registered caller. Immutable.
 *
 * <pre>{@code
 * curl --cert caller.pem --key caller.key --cacert ca.pem https://127.0.0.1:<port>/v1/catalog
 * }</pre>
 *
 * @param name the caller's ANS name
 * @param caBundle {@code ca.pem}: the ANS CA chain that signed the gateway's and every agent's certificate
 * @param certificate {@code caller.pem}: the caller's certificate chain, leaf first
 * @param key {@code caller.key}: the caller's private key, PKCS#8, readable by its owner only
 */
public record ExplorerCredentials(AgentName name, Path caBundle, Path certificate, Path key) {
    /** The file name of the CA bundle. */
    public static final String CA_FILE = "ca.pem";
    /** The file name of the caller's certificate chain. */
    public static final String CERTIFICATE_FILE = "caller.pem";
    /** The file name of the caller's key. */
    public static final String KEY_FILE = "caller.key";

    static ExplorerCredentials write(AgentIdentity identity, Path dir) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve(CA_FILE);
            Path cert = dir.resolve(CERTIFICATE_FILE);
            Path key = dir.resolve(KEY_FILE);
            Files.writeString(ca, certificates(identity.caChain()), StandardCharsets.US_ASCII);
            Files.writeString(cert, certificates(identity.chain()), StandardCharsets.US_ASCII);
            Files.deleteIfExists(key);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(key, pem("PRIVATE KEY", identity.privateKey().getEncoded()), StandardCharsets.US_ASCII);
            return new ExplorerCredentials(identity.name(), ca, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the caller's credentials into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String certificates(List<X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : chain) {
            try {
                out.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("an ANS certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        return out.toString();
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
