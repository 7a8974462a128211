package dev.acf.api.security;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link PermissionPolicy}; found with {@link java.util.ServiceLoader}. */
public interface PermissionPolicyProvider extends ExtensionProvider<PermissionPolicy> {}
