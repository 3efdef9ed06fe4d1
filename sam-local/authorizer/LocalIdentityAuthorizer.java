import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LOCAL ONLY. The identity of `sam local start-api`, which does not run the template's JWT authorizer: an HTTP API
 * Lambda authorizer (payload 2.0, simple responses) that believes the X-User-Id header (the token's sub) and the
 * X-Firm-Id header (its firmId claim), exactly as the local stack does. It checks nothing else: anyone can be
 * anyone. scripts/sam-local compiles it into target/sam-local/ and wires it only into the overlay template it
 * generates there, which refuses to deploy; it is not in any deployment package.
 */
public class LocalIdentityAuthorizer {
    public Map<String, Object> handleRequest(Map<String, Object> event) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT), String.valueOf(v)));
        }
        String user = headers.get("x-user-id");
        String firm = headers.get("x-firm-id");
        Map<String, Object> context = new LinkedHashMap<>();
        if (user != null && !user.isBlank()) context.put("sub", user);
        if (firm != null && !firm.isBlank()) context.put("firmId", firm);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("isAuthorized", context.containsKey("sub"));
        response.put("context", context);
        return response;
    }
}
