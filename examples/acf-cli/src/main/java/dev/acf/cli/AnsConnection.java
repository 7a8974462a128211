package dev.acf.cli;

import dev.acf.client.AcfClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that reach an ANS, shared by {@code register}, {@code renew} and {@code revoke}. */
final class AnsConnection {
    @Option(names = "--ans", required = true, description = "the base URL of the ANS, e.g. https://ans.ops.example.net")
    URI ans;

    @Option(names = "--jwks", description = "the ANS signing keys to pin (a JWKS or its /.well-known/ans document); default: trusted on first use")
    Path jwks;

    AcfClient client() {
        AcfClient.Builder builder = AcfClient.builder().ans(ans);
        if (jwks != null) {
            try {
                builder.pinnedJwks(Files.readString(jwks));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jwks + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
