package io.automove.localstack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HttpApi routes of a template, matched the way API Gateway does: literal segments win over parameters.
 * Matching only: {@link HttpApi} builds the event and invokes the function.
 */
public final class Routes {

    public record Match(Template.HttpRoute route, String functionId, Map<String, String> pathParameters) {}

    private record Binding(Template.HttpRoute route, Pattern pattern, List<String> params, String functionId,
                           int literalSegments) {}

    private final List<Binding> bindings = new ArrayList<>();

    public Routes(Template template) {
        for (Template.Function f : template.functions()) {
            for (Template.HttpRoute r : f.routes()) bindings.add(bind(r, f.logicalId()));
        }
        bindings.sort(Comparator.comparingInt(Binding::literalSegments).reversed().thenComparingInt(b -> b.params().size()));
    }

    private static Binding bind(Template.HttpRoute r, String functionId) {
        List<String> params = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        int literals = 0;
        for (String segment : r.path().split("/")) {
            if (segment.isEmpty()) continue;
            regex.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                boolean greedy = name.endsWith("+");
                params.add(greedy ? name.substring(0, name.length() - 1) : name);
                regex.append(greedy ? "(.+)" : "([^/]+)");
            } else {
                literals++;
                regex.append(Pattern.quote(segment));
            }
        }
        regex.append("/?$");
        return new Binding(r, Pattern.compile(regex.toString()), params, functionId, literals);
    }

    public Optional<Match> match(String method, String path) {
        for (Binding b : bindings) {
            if (!b.route().method().equalsIgnoreCase(method)) continue;
            Matcher m = b.pattern().matcher(path);
            if (!m.matches()) continue;
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < b.params().size(); i++) {
                parameters.put(b.params().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
            }
            return Optional.of(new Match(b.route(), b.functionId(), parameters));
        }
        return Optional.empty();
    }

    /** "POST /jobs -> WorkflowApiFunction", for banners and checks. */
    public List<String> describe() {
        return bindings.stream().map(b -> b.route().routeKey() + " -> " + b.functionId()).toList();
    }
}
