package dev.cascade.node.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers of the small HTTP servers tests start in place of department endpoints and providers. */
public final class JsonReplies {

    private JsonReplies() {
    }

    /** A JSON body with its length. A client that hung up mid-body has its own failure to report, so that is not rethrown. */
    public static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException hungUp) {
            // see above
        }
    }
}
