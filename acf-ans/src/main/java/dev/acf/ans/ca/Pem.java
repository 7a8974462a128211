package dev.acf.ans.ca;

import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text (RFC 7468) to and from the DER the CA works with: certification requests in,
 * certificates and chains out. Input is bounded ({@value #MAX_PEM_CHARS} characters) and every
 * refusal is a {@link TrustException} with a precise message. Stateless and thread-safe.
 *
 * <pre>{@code
 * byte[] csrDer = Pem.csrToDer(request.csr());              // invalid_csr when it is not a PEM CSR
 * String chain = Pem.certificates(issued.chain());         // leaf first
 * List<X509Certificate> parsed = Pem.parseCertificates(chain);
 * }</pre>
 */
public final class Pem {
    /** The longest PEM text read, to bound the work of hostile input. */
    public static final int MAX_PEM_CHARS = 256 * 1024;

    private static final Set<String> CSR_LABELS = Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

    private Pem() {}

    /**
     * Returns the DER of the one certification request in the PEM text.
     *
     * @throws TrustException with code {@code invalid_csr} when the text is not exactly one PEM CSR block
     */
    public static byte[] csrToDer(String pem) {
        List<PemObject> blocks = read(pem, ErrorCode.INVALID_CSR, "certification request");
        if (blocks.size() != 1) {
            throw new TrustException(ErrorCode.INVALID_CSR, "expected one PEM block 'CERTIFICATE REQUEST', found " + blocks.size());
        }
        PemObject block = blocks.get(0);
        if (!CSR_LABELS.contains(block.getType())) {
            throw new TrustException(ErrorCode.INVALID_CSR,
                    "expected a PEM block 'CERTIFICATE REQUEST', found '" + CsrRules.quote(block.getType()) + "'");
        }
        return block.getContent();
    }

    /** Encodes DER bytes as one PEM block with the label, such as {@code CERTIFICATE REQUEST} or {@code X509 CRL}. */
    public static String encode(String label, byte[] der) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(der, "der");
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(label, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** Encodes one certificate as PEM. */
    public static String certificate(X509Certificate certificate) {
        return IssuedCertificate.pem(List.of(certificate));
    }

    /** Encodes certificates as concatenated PEM blocks, in the given order (a chain: leaf first). */
    public static String certificates(List<X509Certificate> certificates) {
        return IssuedCertificate.pem(certificates);
    }

    /**
     * Parses every {@code CERTIFICATE} block of the text, in order.
     *
     * @throws TrustException with code {@code invalid_request} when the text holds no certificate,
     *     another kind of block, or a block that is not a certificate
     */
    public static List<X509Certificate> parseCertificates(String pem) {
        List<PemObject> blocks = read(pem, ErrorCode.INVALID_REQUEST, "certificate");
        if (blocks.isEmpty()) {
            throw new TrustException(ErrorCode.INVALID_REQUEST, "the text holds no PEM 'CERTIFICATE' block");
        }
        List<X509Certificate> certificates = new ArrayList<>(blocks.size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < blocks.size(); i++) {
                PemObject block = blocks.get(i);
                if (!block.getType().equals("CERTIFICATE")) {
                    throw new TrustException(ErrorCode.INVALID_REQUEST,
                            "PEM block " + (i + 1) + " is '" + CsrRules.quote(block.getType()) + "', expected 'CERTIFICATE'");
                }
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.getContent())));
                } catch (CertificateException e) {
                    throw new TrustException(ErrorCode.INVALID_REQUEST, "PEM block " + (i + 1) + " is not an X.509 certificate: " + e.getMessage(), e);
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        return List.copyOf(certificates);
    }

    private static List<PemObject> read(String pem, ErrorCode code, String what) {
        Objects.requireNonNull(pem, "pem");
        if (pem.length() > MAX_PEM_CHARS) {
            throw new TrustException(code, "the PEM " + what + " text has " + pem.length() + " characters, at most " + MAX_PEM_CHARS + " are read");
        }
        if (!pem.contains("-----BEGIN ")) {
            throw new TrustException(code, "the " + what + " is not PEM text (no '-----BEGIN ' line)");
        }
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if (block.getContent().length == 0) {
                    throw new TrustException(code, "PEM block '" + CsrRules.quote(block.getType()) + "' is empty");
                }
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TrustException trust) {
                throw trust;
            }
            throw new TrustException(code, "the " + what + " PEM text is malformed: " + e.getMessage(), e);
        }
        return blocks;
    }
}
