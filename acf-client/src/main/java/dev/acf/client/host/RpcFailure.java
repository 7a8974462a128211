package dev.acf.client.host;

import dev.acf.api.a2a.JsonRpcError;
import java.io.Serial;

/** A JSON-RPC error to answer a call with; raised inside the host, never seen by handlers. */
final class RpcFailure extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient JsonRpcError error;

    RpcFailure(JsonRpcError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    JsonRpcError error() {
        return error;
    }
}
