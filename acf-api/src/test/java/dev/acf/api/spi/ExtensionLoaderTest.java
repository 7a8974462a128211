package dev.acf.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.registry.InMemoryRegistryStore;
import dev.acf.api.registry.InMemoryRegistryStoreProvider;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.RegistryStoreProvider;
import dev.acf.api.sync.DnsLookupProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtensionLoaderTest {
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void explicitInstanceBeatsEverythingDiscovered() {
        try (RegistryStore mine = new InMemoryRegistryStore()) {
            RegistryStore chosen = ExtensionLoader.resolve(mine, RegistryStoreProvider.class, loader, "no-such-store", ProviderConfig.empty());

            assertThat(chosen).isSameAs(mine);
        }
    }

    @Test
    void withoutANameTheHighestPriorityProviderIsChosen() {
        RegistryStoreProvider chosen = ExtensionLoader.select(RegistryStoreProvider.class, loader, null);

        assertThat(chosen.name()).isEqualTo(InMemoryRegistryStoreProvider.NAME);
        assertThat(ExtensionLoader.providers(RegistryStoreProvider.class, loader)).extracting(RegistryStoreProvider::name)
                .contains(InMemoryRegistryStoreProvider.NAME);
    }

    @Test
    void missingNamedProviderFailsListingTheAvailableNames() {
        assertThatThrownBy(() -> ExtensionLoader.select(RegistryStoreProvider.class, loader, "jdbc"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no RegistryStoreProvider named 'jdbc'")
                .hasMessageContaining("available: [in-memory]");
    }

    @Test
    void extensionPointWithNoProviderFailsWithAHint() {
        assertThatThrownBy(() -> ExtensionLoader.select(DnsLookupProvider.class, loader, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no DnsLookupProvider found on the class path");
    }

    @Test
    void providerConfigParsesTypedValuesAndNamesBadKeys() {
        ProviderConfig config = ProviderConfig.of(Map.of("n", "16", "flag", "TRUE", "wait", "250ms", "long", "PT2H", "bad", "x"));

        assertThat(config.intValue("n", 1)).isEqualTo(16);
        assertThat(config.intValue("absent", 7)).isEqualTo(7);
        assertThat(config.booleanValue("flag", false)).isTrue();
        assertThat(config.durationValue("wait", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(config.durationValue("long", Duration.ZERO)).isEqualTo(Duration.ofHours(2));
        assertThat(config.with("dataDirectory", "/tmp/x").path(ProviderConfig.DATA_DIRECTORY)).hasValueSatisfying(p -> assertThat(p).hasToString("/tmp/x"));
        assertThatThrownBy(() -> config.intValue("bad", 1)).isInstanceOf(ConfigurationException.class).hasMessageContaining("'bad'");
        assertThatThrownBy(() -> config.durationValue("bad", Duration.ZERO)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> config.require("absent")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("missing required setting 'absent'");
    }
}
