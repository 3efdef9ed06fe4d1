package io.automove.adapters.dynamodb;

import io.automove.localstack.Template;
import io.automove.model.Account;
import io.automove.model.Answer;
import io.automove.model.AutomationType;
import io.automove.model.ClientRequest;
import io.automove.model.Conditions;
import io.automove.model.Contact;
import io.automove.model.ItemKind;
import io.automove.model.Job;
import io.automove.model.Pipeline;
import io.automove.model.ReminderSettings;
import io.automove.model.RequestItem;
import io.automove.model.RequestTemplate;
import io.automove.model.SkippedAutomation;
import io.automove.model.Stage;
import io.automove.model.StageAutomation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every item at its bounds, every string at its longest and in 3-byte UTF-8 characters, ids at 128 characters:
 * each stays under DynamoDB's 400 KB item limit with room for the outbox, and DynamoDB Local stores it.
 */
class WorstCaseItemTest {
    /** DynamoDB's limit, less room for a write's outbox entries (ids and kinds, a few KB). */
    static final int BUDGET = 400 * 1024 - 32 * 1024;
    private static AmazonDynamoDBLocal local;
    private static DynamoDbClient dynamo;
    private static final Instant T = Instant.parse("2026-11-30T00:00:00.123456789Z");

    @BeforeAll
    static void start() {
        local = DynamoDBEmbedded.create();
        dynamo = local.dynamoDbClient();
        Template template = Template.load(Path.of("template.yaml"));
        dynamo.createTable(template.createTable(template.tableLogicalId(), "worst"));
    }

    @AfterAll
    static void stop() { local.shutdown(); }

    /** Three bytes in UTF-8 each, and one character in Java: the most bytes a length limit lets through. */
    private static String longest(int characters) { return "€".repeat(characters); }

    private static String id(String prefix, int i) {
        String s = prefix + i + "_";
        return s + "x".repeat(128 - s.length());
    }

    private static Set<String> ids(String prefix, int n) {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) ids.add(id(prefix, i));
        return ids;
    }

    private static final String FIRM = id("firm", 0);

    /** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers up to 21 bytes, 3 per list or map). */
    static long size(Map<String, AttributeValue> item) {
        long n = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) n += utf8(e.getKey()) + size(e.getValue());
        return n;
    }

    private static long size(AttributeValue v) {
        if (v.s() != null) return utf8(v.s());
        if (v.n() != null) return 21;
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasSs()) return v.ss().stream().mapToLong(WorstCaseItemTest::utf8).sum();
        if (v.hasL()) return 3 + v.l().stream().mapToLong(x -> 1 + size(x)).sum();
        if (v.hasM()) return 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
        return 0;
    }

    private static long utf8(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }

    private static void fitsAndIsStored(String what, Map<String, AttributeValue> item) {
        long bytes = size(item);
        System.out.printf("worst-case %s: %,d bytes%n", what, bytes);
        assertThat(bytes).as(what).isLessThan(BUDGET);
        dynamo.putItem(b -> b.tableName("worst").item(item));
    }

    @Test
    void theLargestClientRequest_fits() {
        List<RequestItem> items = IntStream.range(0, RequestTemplate.MAX_ITEMS)
                .mapToObj(i -> new RequestItem(ItemKind.FILE_UPLOAD, longest(299) + i % 10, true)).toList();
        ClientRequest r = ClientRequest.create(FIRM, id("req", 0), id("acc", 0), longest(200), longest(200), longest(5000),
                items, ids("job", ClientRequest.MAX_JOBS), id("user", 0), T);
        // each submission: answers of 12,000 characters (labels 300, values the rest), then reopened with a long note
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) answers.add(new Answer(longest(150), longest(150)));
        for (int i = 0; i < ClientRequest.MAX_REOPENS; i++) {
            r = r.submitted(longest(200 - 3) + i + "ab", T, answers).reopened(longest(5000), T);
        }
        r = r.submitted(longest(199) + "z", T, answers);
        assertThat(r.previousSubmissions()).hasSize(ClientRequest.MAX_REOPENS);
        fitsAndIsStored("client request", WorkItems.request(r, Long.MAX_VALUE));
    }

    @Test
    void theLargestJob_fits() {
        List<SkippedAutomation> skipped = IntStream.range(0, Stage.MAX_AUTOMATIONS).mapToObj(i -> new SkippedAutomation(i,
                AutomationType.SEND_CLIENT_REQUEST, id("tpl", i), SkippedAutomation.Reason.UNFINISHED_REQUEST_LINKED,
                id("req", i))).toList();
        Job j = new Job(FIRM, id("job", 0), id("acc", 0), id("pl", 0), longest(300), id("stg", 0), Long.MAX_VALUE,
                ids("req", Job.MAX_REQUESTS), ids("req", Job.MAX_REQUESTS), T, T, skipped, true, Long.MAX_VALUE);
        fitsAndIsStored("job", WorkItems.job(j, Long.MAX_VALUE));
    }

    @Test
    void theLargestPipeline_fits() {
        // 100 automations (the pipeline's bound) on the first 10 stages, each with 20 tags of 50 characters
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < Account.MAX_TAGS; i++) tags.add(longest(Account.MAX_TAG_LENGTH - 2) + String.format("%02d", i));
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < Pipeline.MAX_STAGES; s++) {
            int automations = s < Pipeline.MAX_AUTOMATIONS / Stage.MAX_AUTOMATIONS ? Stage.MAX_AUTOMATIONS : 0;
            stages.add(new Stage(id("stg", s), longest(200), false, IntStream.range(0, automations)
                    .mapToObj(a -> new StageAutomation(AutomationType.SEND_CLIENT_REQUEST, id("tpl", a),
                            new ReminderSettings(30, 10), 365, new Conditions(tags))).toList()));
        }
        Pipeline p = new Pipeline(FIRM, id("pl", 0), longest(200), stages, Long.MAX_VALUE);
        fitsAndIsStored("pipeline", FirmItems.pipeline(p, Long.MAX_VALUE));
    }

    @Test
    void theLargestAccountAndTemplate_fit() {
        List<Contact> contacts = IntStream.range(0, Account.MAX_CONTACTS).mapToObj(i -> new Contact(longest(200),
                longest(62) + String.format("%02d", i) + "@" + longest(255) + "." + longest(63))).toList();
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < Account.MAX_TAGS; i++) tags.add(longest(Account.MAX_TAG_LENGTH - 2) + String.format("%02d", i));
        Account a = new Account(FIRM, id("acc", 0), longest(200), contacts, ids("user", Account.MAX_TEAM_MEMBERS), tags);
        fitsAndIsStored("account", FirmItems.account(a));

        List<RequestItem> items = IntStream.range(0, RequestTemplate.MAX_ITEMS)
                .mapToObj(i -> new RequestItem(ItemKind.QUESTION, longest(298) + String.format("%02d", i), true)).toList();
        RequestTemplate t = new RequestTemplate(FIRM, id("tpl", 0), longest(200), longest(200), longest(5000), items,
                new ReminderSettings(30, 10), 365);
        fitsAndIsStored("request template", FirmItems.template(t));
    }
}
