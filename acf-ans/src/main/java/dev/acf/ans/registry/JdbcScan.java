package dev.acf.ans.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

/**
 * A query streamed row by row for {@link JdbcRegistryStore#scan()}: the stream owns a
 * connection in a read-only transaction (PostgreSQL only fetches in batches inside one) and
 * releases it when closed. Not thread-safe, like any stream.
 */
final class JdbcScan {
    private static final int FETCH_SIZE = 500;

    /** Reads one row. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private JdbcScan() {}

    static <T> Stream<T> open(DataSource dataSource, String sql, RowReader<T> reader) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            PreparedStatement ps = c.prepareStatement(sql);
            ps.setFetchSize(FETCH_SIZE);
            ResultSet rs = ps.executeQuery();
            Spliterator<T> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
                @Override
                public boolean tryAdvance(Consumer<? super T> action) {
                    try {
                        if (!rs.next()) {
                            return false;
                        }
                        action.accept(reader.read(rs));
                        return true;
                    } catch (SQLException e) {
                        throw JdbcRegistryStore.unavailable("scanning the registry", e);
                    }
                }
            };
            return StreamSupport.stream(rows, false).onClose(() -> {
                try (c; ps; rs) {
                    c.rollback();
                    JdbcRegistryStore.restoreAutoCommit(c);
                } catch (SQLException e) {
                    throw JdbcRegistryStore.unavailable("closing a registry scan", e);
                }
            });
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
