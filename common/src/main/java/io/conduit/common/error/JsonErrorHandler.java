package io.conduit.common.error;

import io.conduit.common.cid.Cids;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors, as JSON like every other Conduit error: requests its HTTP parser refuses
 * before any Conduit code runs (a request line or headers too large, a malformed request).
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** Every method gets the JSON body, not only GET, POST and HEAD as in Jetty's default. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String message) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        return new ErrorBody("the server refused the request: " + reason, Cids.next()).json();
    }
}
