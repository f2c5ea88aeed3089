package io.haven.daemon.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.util.Locale;

/** Headers every answer carries, and the check of the {@code Host} a request names. */
final class Headers {
    /**
     * The page loads its script, style and data from this server only; nothing may frame it. With the values
     * written through {@code textContent}, data in the store cannot run as script on the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private Headers() {}

    static void secure(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        }
    }

    /**
     * Whether {@code host} (a {@code Host} header: {@code name[:port]}) names this machine's loopback. A server
     * bound to loopback answers only such requests: a web page the operator visits could otherwise point a name of
     * its own at 127.0.0.1 (DNS rebinding) and read the data through the operator's browser.
     */
    static boolean isLoopbackHost(String host) {
        String name = host.strip();
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = name.substring(1, close);
        } else if (name.indexOf(':') >= 0 && name.indexOf(':') == name.lastIndexOf(':')) {
            name = name.substring(0, name.indexOf(':'));
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(name);
        if (ip == null) {
            return false;
        }
        if (ip.length == 4) {
            return ip[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }
}
