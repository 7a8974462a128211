package dev.acf.ans.ca;

import dev.acf.api.ca.KeyMaterial;
import dev.acf.api.ca.KeyMaterialStore;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KeyMaterialStore} that keeps each entry as a password-protected PKCS#12 file,
 * {@code <alias>.p12}, in one directory. Files are written atomically (temporary file, fsync,
 * rename, directory fsync) with mode 0600 in a directory of mode 0700 (on POSIX file systems),
 * so a crash leaves either the old or the new entry and only the owning user can read keys.
 *
 * <p><b>Password and its trade-off.</b> The PKCS#12 files are encrypted (PBES2, AES-256,
 * PBKDF2-HMAC-SHA256, the JDK's defaults) with a password:
 * <ul>
 *   <li>given to {@link #FileKeyMaterialStore(Path, char[])} (for instance from an environment
 *       variable or a secret manager): the files are then safe to back up or copy on their own,
 *       and an attacker needs both the files and the password;</li>
 *   <li>by default, a random 256-bit secret generated on first use and kept beside the keys in
 *       {@code keystore.secret} (mode 0600). This needs no set-up, and a stray copy of a
 *       {@code .p12} file alone reveals nothing, but anybody who can read the whole directory can
 *       read the keys: at rest the protection is then exactly the file permissions. Use an explicit
 *       password, or an HSM-backed {@link KeyMaterialStore}, where that is not enough.</li>
 * </ul>
 * Aliases are 1-128 characters of letters, digits, {@code .}, {@code _} and {@code -},
 * starting with a letter or digit (they become file names).
 *
 * <p>Thread-safe; one process should own a directory at a time. Failures to read or write are
 * {@link AcfException}s with code {@code internal}; a wrong password or a damaged file is a
 * {@link ConfigurationException}.
 *
 * <pre>{@code
 * KeyMaterialStore keys = new FileKeyMaterialStore(Path.of("ans-data/keys"));
 * keys.store("gateway", new KeyMaterial(privateKey, List.of(certificate)));
 * KeyMaterial loaded = keys.load("gateway").orElseThrow();
 * }</pre>
 */
public final class FileKeyMaterialStore implements KeyMaterialStore {
    /** The file holding the generated password when none is configured. */
    public static final String SECRET_FILE = "keystore.secret";

    private static final String SUFFIX = ".p12";
    private static final String ENTRY = "key";
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path directory;
    private final char @Nullable [] configuredPassword;
    private final Object lock = new Object();
    private char @Nullable [] password;

    /** Creates a store in the directory (created when missing) with a generated password kept in {@value #SECRET_FILE}. */
    public FileKeyMaterialStore(Path directory) {
        this(directory, null);
    }

    /**
     * Creates a store in the directory (created when missing).
     *
     * @param password the PKCS#12 password (copied), or {@code null} for a generated one kept in {@value #SECRET_FILE}
     */
    public FileKeyMaterialStore(Path directory, char @Nullable [] password) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.configuredPassword = password == null ? null : password.clone();
        if (password != null && password.length == 0) {
            throw new IllegalArgumentException("the key store password must not be empty");
        }
        try {
            PrivateFiles.createDirectory(directory);
        } catch (IOException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot create key directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Returns the directory the key files live in. */
    public Path directory() {
        return directory;
    }

    @Override
    public Optional<KeyMaterial> load(String alias) {
        Path file = file(alias);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot read key file " + file + ": " + e.getMessage(), e);
        }
        char[] pass = password(false);
        if (pass == null) {
            throw new ConfigurationException("key file " + file + " exists but " + directory.resolve(SECRET_FILE)
                    + " does not; configure the password it was written with");
        }
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(new ByteArrayInputStream(bytes), pass);
            Key key = keyStore.getKey(ENTRY, pass);
            Certificate[] chain = keyStore.getCertificateChain(ENTRY);
            if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                throw new ConfigurationException("key file " + file + " holds no private key entry '" + ENTRY + "' with a certificate chain");
            }
            List<X509Certificate> certificates = new ArrayList<>(chain.length);
            for (Certificate c : chain) {
                certificates.add((X509Certificate) c);
            }
            return Optional.of(new KeyMaterial(privateKey, certificates));
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION,
                    "cannot open key file " + file + " (wrong password or damaged file): " + e.getMessage(), e);
        }
    }

    @Override
    public void store(String alias, KeyMaterial material) {
        Path file = file(alias);
        Objects.requireNonNull(material, "material");
        synchronized (lock) {
            char[] pass = Objects.requireNonNull(password(true));
            try {
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(null, null);
                keyStore.setKeyEntry(ENTRY, material.privateKey(), pass, material.chain().toArray(new Certificate[0]));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                keyStore.store(out, pass);
                PrivateFiles.writeAtomically(file, out.toByteArray());
            } catch (GeneralSecurityException e) {
                throw new AcfException(ErrorCode.INTERNAL, "cannot encode " + material + " as PKCS#12: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new AcfException(ErrorCode.INTERNAL, "cannot write key file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Set<String> aliases() {
        Set<String> aliases = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String alias = name.substring(0, name.length() - SUFFIX.length());
                if (ALIAS.matcher(alias).matches()) {
                    aliases.add(alias);
                }
            }
        } catch (IOException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot list key directory " + directory + ": " + e.getMessage(), e);
        }
        return Set.copyOf(aliases);
    }

    @Override
    public String toString() {
        return "FileKeyMaterialStore[" + directory + "]";
    }

    private Path file(String alias) {
        Objects.requireNonNull(alias, "alias");
        if (!ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("key alias must be 1-128 letters, digits, '.', '_' or '-' starting with a letter or digit, was '"
                    + alias + "'");
        }
        return directory.resolve(alias + SUFFIX);
    }

    /** Returns the password; the generated one is read, or created when {@code create} is set. */
    private char @Nullable [] password(boolean create) {
        if (configuredPassword != null) {
            return configuredPassword;
        }
        synchronized (lock) {
            if (password != null) {
                return password;
            }
            Path secret = directory.resolve(SECRET_FILE);
            try {
                if (Files.exists(secret)) {
                    password = Files.readString(secret, StandardCharsets.US_ASCII).strip().toCharArray();
                    if (password.length == 0) {
                        throw new ConfigurationException("key store secret " + secret + " is empty");
                    }
                } else if (create) {
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                    Arrays.fill(random, (byte) 0);
                    PrivateFiles.writeAtomically(secret, (text + "\n").getBytes(StandardCharsets.US_ASCII));
                    password = text.toCharArray();
                }
            } catch (IOException e) {
                throw new AcfException(ErrorCode.INTERNAL, "cannot read or create key store secret " + secret + ": " + e.getMessage(), e);
            }
            return password;
        }
    }
}
