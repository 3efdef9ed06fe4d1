package io.automove.bench;

import io.automove.adapters.dynamodb.Seed;
import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.LocalStack;
import io.automove.model.ClientRequest;
import io.automove.model.ItemKind;
import io.automove.model.Job;
import io.automove.model.RequestItem;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * Part 7: what a list costs as it grows. One local stack (in this JVM, DynamoDB Local embedded) holds, per size, a
 * firm with 50 accounts, a pipeline whose first stage holds {@code size} jobs spread over the accounts, and
 * {@code size} client requests of one account. The owner and an employee assigned to one of the 50 accounts each
 * read the board's first screen, the first stage's second page and the request list's first page, over the stack's
 * HTTP API: the median latency, the read units DynamoDB reported for one call (every read the function made, the
 * caller's member check included) and the body's bytes. A warm-up round at the smallest size runs first and is not
 * reported. The data is written with BatchWriteItem through the
 * store's own item mapping ({@code Seed}), not through the API.
 */
final class ScalePhase {
    static final int ACCOUNTS = 50;
    static final int LIMIT = 50;

    record Row(int size, String who, String read, double medianMs, double readUnits, int bytes, int items) {}

    record Result(List<Integer> sizes, int repetitions, List<Row> rows) {
        Row row(int size, String who, String read) {
            return rows.stream().filter(r -> r.size() == size && r.who().equals(who) && r.read().equals(read)).findFirst()
                    .orElseThrow();
        }
    }

    static final String OWNER = "user-scale-owner";
    static final String EMPLOYEE = "user-scale-employee";
    static final String BOARD = "board, first screen";
    static final String STAGE = "one stage, second page";
    static final String REQUESTS = "client requests, first page";

    private ScalePhase() {}

    /** Read units reported for every read made through the metered client since the last reset. */
    static final DoubleAdder READ_UNITS = new DoubleAdder();

    static Result run(List<Integer> sizes, int repetitions) {
        List<Row> rows = new ArrayList<>();
        LocalStack.Options options = LocalStack.Options.defaults(Functions.TEMPLATE_FILE).decorateDynamo(ScalePhase::metered);
        try (LocalStack stack = new LocalStack(options)) {
            Seed seed = new Seed(stack.dynamo(), stack.tableName());
            // a warm-up at the smallest size, not reported: the first calls of a JVM pay for its class loading and JIT
            List<Integer> runs = new ArrayList<>();
            runs.add(-sizes.get(0));
            runs.addAll(sizes);
            for (int run : runs) {
                boolean warmUp = run < 0;
                int size = Math.abs(run);
                Firm f = firm(stack, size);
                seedJobs(seed, f, size);
                seedRequests(seed, f, size);
                for (String who : List.of(OWNER, EMPLOYEE)) {
                    String board = "/pipelines/" + f.pipelineId + "/jobs?limit=" + LIMIT;
                    rows.add(measure(stack, f.firmId, who, size, BOARD, board, warmUp ? 3 * repetitions : repetitions,
                            "stages[0].jobs"));
                    String cursor = text(call(stack, f.firmId, who, board), "stages[0].nextCursor");
                    String stage = "/pipelines/" + f.pipelineId + "/jobs?stageId=" + f.stageId + "&limit=" + LIMIT
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                    rows.add(measure(stack, f.firmId, who, size, STAGE, stage, repetitions, "jobs"));
                    rows.add(measure(stack, f.firmId, who, size, REQUESTS, "/client-requests?accountId=" + f.employeeAccount
                            + "&limit=" + LIMIT, repetitions, "clientRequests"));
                }
                if (warmUp) {
                    rows.subList(rows.size() - 6, rows.size()).clear();
                    continue;
                }
                System.out.printf("  %,d jobs and requests: owner board %.1f ms %.1f RRU %,d B; employee board %.1f ms %.1f RRU%n",
                        size, rows.get(rows.size() - 6).medianMs(), rows.get(rows.size() - 6).readUnits(),
                        rows.get(rows.size() - 6).bytes(), rows.get(rows.size() - 3).medianMs(), rows.get(rows.size() - 3).readUnits());
            }
        }
        return new Result(sizes, repetitions, rows);
    }

    private record Firm(String firmId, String pipelineId, String stageId, List<String> accounts, String employeeAccount) {}

    private static Firm firm(LocalStack stack, int size) {
        String firmId = text(ok(stack, null, OWNER, "POST", "/firms", Map.of("name", "Scale " + size)), "firmId");
        ok(stack, firmId, OWNER, "POST", "/members", Map.of("userId", EMPLOYEE, "role", "EMPLOYEE", "rights", List.of()));
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(text(ok(stack, firmId, OWNER, "POST", "/accounts", Map.of("name", "Client " + i,
                    "contacts", List.of(Map.of("name", "Client " + i, "email", "client" + i + "@example.com")),
                    "teamMemberIds", i == 0 ? List.of(EMPLOYEE) : List.of())), "accountId"));
        }
        JsonNode pipeline = ok(stack, firmId, OWNER, "POST", "/pipelines", Map.of("name", "Tax return", "stages",
                List.of(Map.of("name", "Intake"), Map.of("name", "Review"), Map.of("name", "Done"))));
        stack.settle();
        return new Firm(firmId, text(pipeline, "pipelineId"), text(pipeline, "stages[0].stageId"), accounts, accounts.get(0));
    }

    /** {@code size} jobs in the first stage, round-robin over the accounts, titles of a realistic length. */
    private static void seedJobs(Seed seed, Firm f, int size) {
        Instant t0 = Instant.parse("2026-01-05T08:00:00Z");
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            jobs.add(Job.open(f.firmId, String.format("job_scale%06d", i), f.accounts.get(i % ACCOUNTS), f.pipelineId,
                    "Tax return 2025 - client " + (i % ACCOUNTS) + " - file " + i, f.stageId, t0.plusSeconds(i)));
        }
        seed.jobs(jobs);
    }

    /** {@code size} requests of the employee's account, each with three items. */
    private static void seedRequests(Seed seed, Firm f, int size) {
        Instant t0 = Instant.parse("2026-01-05T08:00:00Z");
        List<RequestItem> items = List.of(new RequestItem(ItemKind.FILE_UPLOAD, "Bank statements", true),
                new RequestItem(ItemKind.FILE_UPLOAD, "Payslips", true),
                new RequestItem(ItemKind.QUESTION, "Did you move house this year?", false));
        List<ClientRequest> requests = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            requests.add(ClientRequest.create(f.firmId, String.format("req_scale%06d", i), f.employeeAccount,
                    "Missing documents " + i, "Documents for your tax return", "Please send us the documents below.",
                    items, Set.of(), OWNER, t0.plusSeconds(i)));
        }
        seed.requests(requests);
    }

    private static Row measure(LocalStack stack, String firmId, String who, int size, String read, String path,
                               int repetitions, String list) {
        List<Double> ms = new ArrayList<>();
        double units = 0;
        int bytes = 0, items = 0;
        for (int i = 0; i < repetitions; i++) {
            READ_UNITS.reset();
            long start = System.nanoTime();
            Response r = stack.http("GET", path, headers(firmId, who), null);
            ms.add((System.nanoTime() - start) / 1e6);
            if (r.status() != 200) throw new IllegalStateException(read + " answered " + r.status() + " " + r.body());
            units = READ_UNITS.sum();
            bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
            items = at(Json.parse(r.body()), list).asArray().size();
        }
        return new Row(size, who.equals(OWNER) ? "owner" : "employee (1 of " + ACCOUNTS + " accounts)", read,
                Stats.percentile(ms, 50), units, bytes, items);
    }

    private static Map<String, String> headers(String firmId, String who) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.put("x-user-id", who);
        if (firmId != null) h.put("x-firm-id", firmId);
        return h;
    }

    private static JsonNode call(LocalStack stack, String firmId, String who, String path) {
        return Json.parse(stack.http("GET", path, headers(firmId, who), null).body());
    }

    private static JsonNode ok(LocalStack stack, String firmId, String who, String method, String path, Object body) {
        Response r = stack.http(method, path, headers(firmId, who), Json.write(body));
        if (r.status() >= 300) throw new IllegalStateException(method + " " + path + " -> " + r.status() + " " + r.body());
        return r.json();
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            int b = part.indexOf('[');
            String name = b < 0 ? part : part.substring(0, b);
            current = current.field(name).orElseThrow(() -> new IllegalStateException("no " + path));
            if (b >= 0) current = current.asArray().get(Integer.parseInt(part.substring(b + 1, part.indexOf(']'))));
        }
        return current;
    }

    private static String text(JsonNode node, String path) {
        JsonNode v = at(node, path);
        return v.isNull() ? null : v.asString();
    }

    /** The client the functions use, asking DynamoDB for the capacity of every read and adding it up. */
    static DynamoDbClient metered(DynamoDbClient client) {
        InvocationHandler h = (proxy, method, args) -> {
            if (args != null && args.length == 1 && args[0] instanceof Consumer<?>
                    && (method.getName().equals("query") || method.getName().equals("getItem")
                    || method.getName().equals("batchGetItem"))) {
                return InvocationHandler.invokeDefault(proxy, method, args); // builds the request, comes back below
            }
            Object[] a = args;
            if (a != null && a.length == 1) {
                if (a[0] instanceof QueryRequest q) a = new Object[]{q.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()};
                if (a[0] instanceof GetItemRequest g) a = new Object[]{g.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()};
                if (a[0] instanceof BatchGetItemRequest g) a = new Object[]{g.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()};
            }
            Object result;
            try {
                result = method.invoke(client, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof QueryResponse q && q.consumedCapacity() != null) READ_UNITS.add(units(q.consumedCapacity()));
            if (result instanceof GetItemResponse g && g.consumedCapacity() != null) READ_UNITS.add(units(g.consumedCapacity()));
            if (result instanceof BatchGetItemResponse g && g.hasConsumedCapacity()) g.consumedCapacity().forEach(c -> READ_UNITS.add(units(c)));
            return result;
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[]{DynamoDbClient.class}, h);
    }

    private static double units(ConsumedCapacity c) { return c.capacityUnits() == null ? 0 : c.capacityUnits(); }
}
