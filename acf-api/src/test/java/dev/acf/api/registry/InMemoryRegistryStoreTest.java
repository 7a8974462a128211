package dev.acf.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

class InMemoryRegistryStoreTest extends RegistryStoreContractTest {

    @Override
    protected RegistryStore newStore() {
        return new InMemoryRegistryStore();
    }

    @Test
    void isDiscoverableThroughServiceLoaderAsInMemory() {
        RegistryStore discovered = ExtensionLoader.resolve(null, RegistryStoreProvider.class, getClass().getClassLoader(),
                InMemoryRegistryStoreProvider.NAME, ProviderConfig.empty());

        assertThat(discovered).isInstanceOf(InMemoryRegistryStore.class);
    }
}
