package dev.acf.ans.ca;

import dev.acf.api.ca.KeyMaterialStore;
import dev.acf.api.ca.KeyMaterialStoreProvider;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.spi.ProviderConfig;
import java.nio.file.Path;

/**
 * Provides {@link FileKeyMaterialStore} under the name {@code file}. Settings:
 * {@value ProviderConfig#DATA_DIRECTORY} (required, the key directory) and
 * {@value #PASSWORD} (optional; without it a generated secret is kept beside the keys, see
 * {@link FileKeyMaterialStore} for the trade-off). Stateless and thread-safe.
 *
 * <pre>{@code
 * KeyMaterialStore keys = new FileKeyMaterialStoreProvider()
 *         .create(ProviderConfig.of(Map.of(ProviderConfig.DATA_DIRECTORY, "ans-data/keys")));
 * }</pre>
 */
public final class FileKeyMaterialStoreProvider implements KeyMaterialStoreProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "file";
    /** The setting holding the PKCS#12 password. */
    public static final String PASSWORD = "keyStorePassword";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public FileKeyMaterialStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyMaterialStore create(ProviderConfig config) {
        Path dir = config.path(ProviderConfig.DATA_DIRECTORY)
                .orElseThrow(() -> new ConfigurationException("missing required setting '" + ProviderConfig.DATA_DIRECTORY
                        + "' (the directory the file key store keeps its PKCS#12 files in)"));
        String password = config.get(PASSWORD).orElse(null);
        if (password != null && password.isEmpty()) {
            throw new ConfigurationException("setting '" + PASSWORD + "' must not be empty; leave it out to use a generated secret");
        }
        return new FileKeyMaterialStore(dir, password == null ? null : password.toCharArray());
    }
}
