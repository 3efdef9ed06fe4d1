package io.automove.localstack;

import io.automove.support.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What template.yaml says, read the way SAM reads it: functions with their handler class, environment
 * (Globals merged), HTTP API routes, EventBridge rule patterns and DynamoDB stream sources with their filter
 * patterns, and the table definition. The local stack and the tests wire everything from this and nothing
 * else, so a route or rule added to the template works locally without touching Java.
 */
public final class Template {

    public record HttpRoute(String method, String path, boolean authorized) {
        public String routeKey() { return method + " " + path; }
    }

    public record BusRule(String name, String busLogicalId, String pattern) {}

    public record StreamSource(String name, String tableLogicalId, List<String> filterPatterns, int batchSize) {}

    /** A schedule that invokes the function: locally, whenever the local clock is moved on (and on demand). */
    public record ScheduleSource(String name) {}

    /** {@code handler} as written ("pkg.Class::method"), {@code handlerClass} its class. */
    public record Function(String logicalId, String handler, String handlerClass, Map<String, Object> environment,
                           List<HttpRoute> routes, List<BusRule> rules, List<StreamSource> streams,
                           List<ScheduleSource> schedules) {}

    private final Map<String, Object> root;
    private final List<Function> functions = new ArrayList<>();

    private Template(Map<String, Object> root) {
        this.root = root;
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        map(root.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                functions.add(function(id, map(resource.get("Properties")), globals));
            }
        });
    }

    public static Template load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object parsed = new Yaml(new CloudFormationConstructor()).load(reader);
            if (!(parsed instanceof Map<?, ?>)) throw new IllegalArgumentException(file + " is not a template");
            return new Template(map(parsed));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public List<Function> functions() { return List.copyOf(functions); }

    public Map<String, Object> resources() { return map(root.get("Resources")); }

    public Map<String, Object> parameters() { return map(root.get("Parameters")); }

    /** The {@code Globals: Function:} section: properties every function has unless it says otherwise. */
    public Map<String, Object> functionGlobals() { return map(map(root.get("Globals")).get("Function")); }

    public Map<String, Object> resource(String logicalId) { return map(resources().get(logicalId)); }

    private static Function function(String id, Map<String, Object> props, Map<String, Object> globals) {
        String handler = String.valueOf(props.getOrDefault("Handler", globals.get("Handler")));
        String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        Map<String, Object> env = new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
        env.putAll(map(map(props.get("Environment")).get("Variables")));
        List<HttpRoute> routes = new ArrayList<>();
        List<BusRule> rules = new ArrayList<>();
        List<StreamSource> streams = new ArrayList<>();
        List<ScheduleSource> schedules = new ArrayList<>();
        map(props.get("Events")).forEach((eventId, value) -> {
            Map<String, Object> event = map(value);
            Map<String, Object> p = map(event.get("Properties"));
            switch (String.valueOf(event.get("Type"))) {
                case "HttpApi" -> {
                    Object authorizer = map(p.get("Auth")).get("Authorizer");
                    routes.add(new HttpRoute(String.valueOf(p.get("Method")).toUpperCase(), String.valueOf(p.get("Path")),
                            !"NONE".equals(authorizer)));
                }
                case "EventBridgeRule" -> rules.add(new BusRule(id + "." + eventId, refName(p.get("EventBusName")),
                        Json.write(p.get("Pattern"))));
                case "DynamoDB" -> {
                    List<String> filters = new ArrayList<>();
                    for (Object f : list(map(p.get("FilterCriteria")).get("Filters"))) {
                        filters.add(String.valueOf(map(f).get("Pattern")));
                    }
                    Object stream = p.get("Stream");
                    String table = stream instanceof Map<?, ?> m && m.get("Fn::GetAtt") != null
                            ? String.valueOf(list(m.get("Fn::GetAtt")).get(0)) : null;
                    Object batch = p.get("BatchSize");
                    streams.add(new StreamSource(id + "." + eventId, table, filters,
                            batch == null ? 100 : Integer.parseInt(String.valueOf(batch))));
                }
                case "Schedule" -> schedules.add(new ScheduleSource(id + "." + eventId));
                default -> throw new IllegalArgumentException("function " + id + ": event " + eventId
                        + " has type " + event.get("Type") + ", which the local stack does not run");
            }
        });
        return new Function(id, handler, handlerClass, env, routes, rules, streams, schedules);
    }

    /** The CreateTable call that makes the {@code AWS::DynamoDB::Table} resource {@code logicalId}. */
    public CreateTableRequest createTable(String logicalId, String tableName) {
        Map<String, Object> props = map(resource(logicalId).get("Properties"));
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(props.get("AttributeDefinitions")).stream().map(Template::map)
                        .map(a -> AttributeDefinition.builder().attributeName(str(a, "AttributeName"))
                                .attributeType(str(a, "AttributeType")).build()).toList())
                .keySchema(keySchema(props.get("KeySchema")));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Object g : list(props.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> gsi = map(g);
            gsis.add(GlobalSecondaryIndex.builder().indexName(str(gsi, "IndexName")).keySchema(keySchema(gsi.get("KeySchema")))
                    .projection(projection(map(gsi.get("Projection"))))
                    .build());
        }
        if (!gsis.isEmpty()) b.globalSecondaryIndexes(gsis);
        Map<String, Object> stream = map(props.get("StreamSpecification"));
        if (!stream.isEmpty()) {
            b.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(str(stream, "StreamViewType")).build());
        }
        return b.build();
    }

    /** The logical id of the template's only DynamoDB table. */
    public String tableLogicalId() {
        List<String> tables = resourcesOfType("AWS::DynamoDB::Table");
        if (tables.size() != 1) throw new IllegalArgumentException("expected one DynamoDB table, found " + tables);
        return tables.get(0);
    }

    private static Projection projection(Map<String, Object> p) {
        Projection.Builder b = Projection.builder().projectionType(str(p, "ProjectionType"));
        List<Object> include = list(p.get("NonKeyAttributes"));
        if (!include.isEmpty()) b.nonKeyAttributes(include.stream().map(String::valueOf).toList());
        return b.build();
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        return list(value).stream().map(Template::map).map(k -> KeySchemaElement.builder()
                .attributeName(str(k, "AttributeName")).keyType(str(k, "KeyType")).build()).toList();
    }

    /**
     * A function's environment with each {@code !Ref} resolved: to {@code refs} (resource logical ids and
     * parameter names to their values), else to the parameter's Default, else null; and each {@code !If} of a
     * whole value decided by its condition (of {@code !Equals}, {@code !Not}, {@code !And}, {@code !Or} on those).
     */
    public Map<String, String> environment(Function f, Map<String, String> refs) {
        Map<String, String> env = new LinkedHashMap<>();
        f.environment().forEach((k, v) -> {
            String value = value(v, refs);
            if (value != null) env.put(k, value);
        });
        return env;
    }

    private String value(Object v, Map<String, String> refs) {
        if (v instanceof Map<?, ?> m && m.get("Ref") != null) {
            String ref = String.valueOf(m.get("Ref"));
            Object dflt = map(parameters().get(ref)).get("Default");
            return refs.containsKey(ref) ? refs.get(ref) : dflt == null ? null : String.valueOf(dflt);
        }
        if (v instanceof Map<?, ?> m && m.get("Fn::If") != null) {
            List<Object> ifThenElse = list(m.get("Fn::If"));
            return value(condition(String.valueOf(ifThenElse.get(0)), refs) ? ifThenElse.get(1) : ifThenElse.get(2), refs);
        }
        return v == null ? null : String.valueOf(v);
    }

    /** The template's condition {@code name}, with the parameters {@code refs} gives (else their defaults). */
    public boolean condition(String name, Map<String, String> refs) {
        Object c = map(root.get("Conditions")).get(name);
        if (c == null) throw new IllegalArgumentException("no condition " + name);
        return holds(c, refs);
    }

    private boolean holds(Object c, Map<String, String> refs) {
        Map<String, Object> m = map(c);
        if (m.containsKey("Condition")) return condition(String.valueOf(m.get("Condition")), refs);
        if (m.containsKey("Fn::Equals")) {
            List<Object> two = list(m.get("Fn::Equals"));
            return java.util.Objects.equals(value(two.get(0), refs), value(two.get(1), refs));
        }
        if (m.containsKey("Fn::Not")) return !holds(list(m.get("Fn::Not")).get(0), refs);
        if (m.containsKey("Fn::And")) return list(m.get("Fn::And")).stream().allMatch(x -> holds(x, refs));
        if (m.containsKey("Fn::Or")) return list(m.get("Fn::Or")).stream().anyMatch(x -> holds(x, refs));
        throw new IllegalArgumentException("cannot decide the condition " + c);
    }

    /** Logical ids of the resources of one type, e.g. {@code AWS::Events::EventBus}. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) ids.add(id);
        });
        return ids;
    }

    /** The logical id a {@code !Ref X} points to, or the literal name. */
    static String refName(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Ref") != null) return String.valueOf(m.get("Ref"));
        return value == null ? null : String.valueOf(value);
    }

    private static String str(Map<String, Object> m, String key) { return String.valueOf(m.get(key)); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Reads CloudFormation's short forms ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) as their long forms. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Ref", "Condition")) yamlConstructors.put(new Tag("!" + fn), new Intrinsic(fn));
            for (String fn : List.of("GetAtt", "Sub", "Select", "Split", "Join", "If", "Equals", "Not", "And", "Or",
                    "FindInMap", "ImportValue", "GetAZs", "Base64", "Cidr", "Transform", "Length", "ToJsonString")) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) { this.name = name; }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode s) {
                    String text = constructScalar(s);
                    // !GetAtt Table.StreamArn is short for [Table, StreamArn]
                    value = name.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode s) {
                    value = constructSequence(s);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(name, value);
            }
        }
    }
}
