package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.spi.ProviderConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The gateway launcher's session store options, turned into the gateway's configuration. */
class GatewaySessionOptionsTest {

    private static GatewayCommand parse(String... args) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutSessionOptionsTheEmbeddedStoreStays() {
        assertThat(parse("--ans", "http://a").sessionConfig(Map.<String, String>of()::get)).isNull();
    }

    @Test
    void aJdbcUrlChoosesThePostgresStoreWithUserPasswordAndSettings() {
        ProviderConfig config = parse("--ans", "http://a", "--session-jdbc-url", "jdbc:postgresql://db:5432/acf",
                "--session-db-user", "gateway", "--session-password-env", "ACF_DB", "--session-setting", "session.poolSize=16")
                .sessionConfig(Map.of("ACF_DB", "s3cret")::get);

        assertThat(config.properties()).containsEntry("sessionStore", "jdbc")
                .containsEntry("session.jdbcUrl", "jdbc:postgresql://db:5432/acf")
                .containsEntry("session.username", "gateway")
                .containsEntry("session.password", "s3cret")
                .containsEntry("session.poolSize", "16");
    }

    @Test
    void aJdbcStoreWithoutUrlOrAMissingPasswordVariableIsRefused() {
        assertThatThrownBy(() -> parse("--ans", "http://a", "--session-store", "jdbc").sessionConfig(Map.<String, String>of()::get))
                .hasMessageContaining("--session-jdbc-url");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--session-jdbc-url", "jdbc:postgresql://db/acf",
                "--session-password-env", "NOPE").sessionConfig(Map.<String, String>of()::get)).hasMessageContaining("NOPE");
    }
}
