package dev.acf.ans.http;

import dev.acf.api.error.ErrorBody;
import dev.acf.api.error.ErrorCode;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (malformed HTTP, headers too large, bad URI) in the API-4 JSON shape
 * instead of an HTML page, with no server detail (REL-5).
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        ErrorCode errorCode = switch (code) {
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            case 404 -> ErrorCode.NOT_FOUND;
            default -> code >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
        };
        String text = code >= 500 ? "internal error" : "bad HTTP request: " + HttpStatus.getMessage(code).toLowerCase(java.util.Locale.ROOT);
        AnsHandler.writeError(response, callback, code, ErrorBody.of(errorCode.httpStatus() == code ? errorCode : new ErrorCode(errorCode.id(), code),
                text, null));
    }
}
