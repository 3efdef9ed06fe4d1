package io.automove.localstack;

import io.automove.localstack.HttpApi.Response;
import io.automove.support.Json;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which addresses the launcher may bind to and which Host headers it answers. A web page the developer opens can
 * make the browser send requests to 127.0.0.1 under a name of its own (DNS rebinding) and read the answers, as if
 * it were the firm app; its requests then carry that name as Host. So only loopback names and addresses are
 * answered: localhost, 127.0.0.0/8 and ::1, with or without a port. Exposed on purpose
 * ({@link LocalLauncher#EXPOSE_FLAG}), the stack also answers the name it was bound to and any IP address
 * literal (a literal cannot be rebound). Host headers are never looked up in DNS.
 */
final class LocalHosts {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    private final String boundHost;
    private final boolean exposed;

    LocalHosts(String boundHost, boolean exposed) {
        this.boundHost = name(boundHost);
        this.exposed = exposed;
    }

    /** Whether every address the name (or literal) stands for is a loopback address; "localhost" always is. */
    static boolean isLoopbackAddress(String host) {
        String name = name(host);
        if (name.equals("localhost")) return true;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(name);
            for (InetAddress a : addresses) if (!a.isLoopbackAddress()) return false;
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether a request with this Host header (null: none) is answered. */
    boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) return false;
        String name = name(withoutPort(hostHeader.trim()));
        if (name.equals("localhost")) return true;
        InetAddress literal = literal(name);
        if (literal != null && (literal.isLoopbackAddress() || exposed)) return true;
        return exposed && name.equals(boundHost);
    }

    /** The 421 answer to a request for another name, saying why. */
    static Response refused(String hostHeader) {
        String shown = hostHeader == null ? "(none)" : hostHeader.length() > 100 ? hostHeader.substring(0, 100) : hostHeader;
        return new Response(421, Map.of("content-type", "application/json"), Json.write(Map.of("message",
                "Host " + shown + " refused: the local stack answers only requests for localhost, 127.0.0.1 or [::1] "
                        + "(protection against DNS rebinding); call it as http://localhost:<port>")));
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    private static String name(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The address an IP literal stands for, without any DNS lookup; null if it is a name. */
    private static InetAddress literal(String name) {
        try {
            if (IPV4.matcher(name).matches()) {
                byte[] octets = new byte[4];
                String[] parts = name.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) return null;
                    octets[i] = (byte) octet;
                }
                return InetAddress.getByAddress(octets);
            }
            // with a colon, InetAddress parses an IPv6 literal and never looks it up
            return IPV6.matcher(name).matches() ? InetAddress.getByName(name) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
