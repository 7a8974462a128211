package dev.acf.api.security;

import dev.acf.api.spi.ExtensionProvider;

/**
 * Creates a {@link SensitiveDataDetector}; found with {@link java.util.ServiceLoader}. Unlike
 * most extension points, every discovered detector provider is used (detectors add up), in
 * the order of their priority, highest first.
 */
public interface SensitiveDataDetectorProvider extends ExtensionProvider<SensitiveDataDetector> {}
