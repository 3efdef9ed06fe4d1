package io.automove.adapters.dynamodb;

import io.automove.model.ClientRequest;
import io.automove.model.Job;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a table fast for scale tests and the benchmark: jobs and requests stored exactly as the store stores them
 * (the same item mapping, index keys included), 25 per BatchWriteItem, and the board counters the store would have
 * kept. No outbox: nothing is published, so nothing runs because of them.
 */
public final class Seed {
    private final DynamoDbClient client;
    private final String table;

    public Seed(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    public void jobs(List<Job> jobs) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (Job j : jobs) {
            items.add(WorkItems.job(j, 1));
            if (!j.archived()) counts.merge(List.of(j.firmId(), j.pipelineId(), j.stageId()), 1L, Long::sum);
        }
        write(items);
        counts.forEach((k, n) -> client.updateItem(b -> b.tableName(table)
                .key(Items.key(Keys.boardCounters(k.get(0), k.get(1)), Keys.stageCounter(k.get(2))))
                .updateExpression("ADD jobs :d").expressionAttributeValues(Map.of(":d", Attr.n(n)))));
    }

    public void requests(List<ClientRequest> requests) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (ClientRequest r : requests) items.add(WorkItems.request(r, 1));
        write(items);
    }

    private void write(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> ask = pending;
                var response = client.batchWriteItem(b -> b.requestItems(ask));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }
}
