/**
 * How extension points are found and chosen: {@link dev.acf.api.spi.ExtensionProvider}
 * (the factory every SPI's provider interface extends), {@link dev.acf.api.spi.ProviderConfig}
 * and {@link dev.acf.api.spi.ExtensionLoader} (explicit instance, then named provider, then
 * highest priority found by {@link java.util.ServiceLoader}).
 */
@NullMarked
package dev.acf.api.spi;

import org.jspecify.annotations.NullMarked;
