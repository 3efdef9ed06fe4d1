package io.automove.localstack;

import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a table's stream for one consumer, the way Lambda's event source mapping does: every shard from its
 * start, then from the last record handed over. Works on any Streams endpoint (in-process or over HTTP).
 * Reading only: filters, batches and invocations are {@link StreamPoller}'s.
 */
public final class StreamReader {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> positions = new HashMap<>();
    private List<Shard> shards = List.of();
    private long shardsReadAt;

    public StreamReader(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    public String streamArn() { return streamArn; }

    /** Records not read yet, shard by shard, each shard in order; marks them read. */
    public synchronized List<Record> next() {
        long now = System.nanoTime();
        if (shards.isEmpty() || now - shardsReadAt > 500_000_000L) { // shards roll over rarely
            shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
            shardsReadAt = now;
        }
        List<Record> records = new ArrayList<>();
        for (Shard shard : shards) {
            String after = positions.get(shard.shardId());
            String iterator = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shard.shardId());
                if (after == null) b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                else b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
            }).shardIterator();
            while (iterator != null) {
                String it = iterator;
                var page = streams.getRecords(b -> b.shardIterator(it).limit(1000));
                if (page.records().isEmpty()) break;
                records.addAll(page.records());
                positions.put(shard.shardId(), page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    public synchronized Map<String, String> positions() { return Map.copyOf(positions); }

    public synchronized void restore(Map<String, String> saved) { positions.putAll(saved); }
}
