package io.automove.adapters.dynamodb;

import io.automove.model.Answer;
import io.automove.model.AutomationType;
import io.automove.model.ClientRequest;
import io.automove.model.Delivery;
import io.automove.model.DeliveryState;
import io.automove.model.EmailKind;
import io.automove.model.Job;
import io.automove.model.Reminders;
import io.automove.model.RequestStatus;
import io.automove.model.SkippedAutomation;
import io.automove.model.Submission;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.automove.adapters.dynamodb.Attr.*;
import static io.automove.adapters.dynamodb.Items.*;

/**
 * Jobs and client requests to items and back. A request with work due (its next reminder, or a due date not yet
 * marked overdue) also carries the keys of the sparse due-work index (GSI2), so the sweep finds it by time alone;
 * every write of the request puts or drops them with the rest, so the index never goes stale.
 */
final class WorkItems {
    private WorkItems() {}

    static Map<String, AttributeValue> job(Job j, long rev) {
        Map<String, AttributeValue> item = item(Keys.job(j.firmId(), j.jobId()), Keys.JOB_SK, "JOB");
        item.put(Keys.GSI1PK, s(Keys.jobsOfPipeline(j.firmId(), j.pipelineId())));
        item.put(Keys.GSI1SK, s("JOB#" + j.createdAt() + "#" + j.jobId()));
        item.put(Keys.GSI3PK, s(Keys.jobsOfAccount(j.firmId(), j.accountId())));
        item.put(Keys.GSI3SK, s("JOB#" + j.createdAt() + "#" + j.jobId()));
        item.put("firmId", s(j.firmId()));
        item.put("jobId", s(j.jobId()));
        item.put("accountId", s(j.accountId()));
        item.put("pipelineId", s(j.pipelineId()));
        item.put("title", s(j.title()));
        item.put("stageId", s(j.stageId()));
        item.put("stageVersion", n(j.stageVersion()));
        putSet(item, "requestIds", j.requestIds());
        putSet(item, "awaitedRequestIds", j.awaitedRequestIds());
        putIfPresent(item, "createdAt", j.createdAt());
        putIfPresent(item, "stageEnteredAt", j.stageEnteredAt());
        if (!j.skippedAutomations().isEmpty()) item.put("skippedAutomations", skipped(j.skippedAutomations()));
        if (j.archived()) item.put("archived", bool(true));
        item.put("rev", n(rev));
        return item;
    }

    static Job job(Map<String, AttributeValue> i) {
        return new Job(str(i, "firmId"), str(i, "jobId"), str(i, "accountId"), str(i, "pipelineId"), str(i, "title"),
                str(i, "stageId"), num(i, "stageVersion"), set(i, "requestIds"), awaitedRequestIds(i),
                instant(i, "createdAt"), instant(i, "stageEnteredAt"), skipped(i), Attr.bool(i, "archived"),
                num(i, "rev"));
    }

    static AttributeValue skipped(List<SkippedAutomation> skipped) {
        List<AttributeValue> list = new ArrayList<>();
        for (SkippedAutomation s : skipped) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put("automationIndex", n(s.automationIndex()));
            m.put("type", s(s.type().name()));
            m.put("templateId", s(s.templateId()));
            m.put("reason", s(s.reason().name()));
            putIfPresent(m, "requestId", s.requestId());
            list.add(m(m));
        }
        return l(list);
    }

    private static List<SkippedAutomation> skipped(Map<String, AttributeValue> i) {
        List<SkippedAutomation> out = new ArrayList<>();
        for (AttributeValue v : list(i, "skippedAutomations")) {
            Map<String, AttributeValue> m = v.m();
            out.add(new SkippedAutomation((int) num(m, "automationIndex"), AutomationType.valueOf(str(m, "type")),
                    str(m, "templateId"), SkippedAutomation.Reason.valueOf(str(m, "reason")), str(m, "requestId")));
        }
        return out;
    }

    /**
     * Stored as "awaited" before it had the model's name: an item written since holds only "awaitedRequestIds" (a put
     * replaces the whole item), one written before may hold "awaited" and, after a stage request's ADD, both.
     */
    private static Set<String> awaitedRequestIds(Map<String, AttributeValue> i) {
        Set<String> ids = new LinkedHashSet<>(set(i, "awaited"));
        ids.addAll(set(i, "awaitedRequestIds"));
        return ids;
    }

    static Map<String, AttributeValue> request(ClientRequest r, long rev) {
        Map<String, AttributeValue> item = item(Keys.request(r.firmId(), r.requestId()), Keys.REQUEST_SK, "REQUEST");
        item.put(Keys.GSI1PK, s(Keys.requestsOfAccount(r.firmId(), r.accountId())));
        item.put(Keys.GSI1SK, s("REQUEST#" + r.createdAt() + "#" + r.requestId()));
        Instant due = r.nextDueWorkAt();
        if (due != null) {
            item.put(Keys.GSI2PK, s(Keys.DUE_WORK));
            item.put(Keys.GSI2SK, s(Keys.dueWork(due, r.firmId(), r.requestId())));
        }
        item.put("firmId", s(r.firmId()));
        item.put("requestId", s(r.requestId()));
        item.put("accountId", s(r.accountId()));
        putIfPresent(item, "templateId", r.templateId());
        item.put("title", s(r.title()));
        item.put("subject", s(r.subject()));
        item.put("message", s(r.message()));
        item.put("items", items(r.items()));
        item.put("status", s(r.status().name()));
        putSet(item, "jobIds", r.jobIds());
        putDelivery(item, r.delivery());
        putIfPresent(item, "createdBy", r.createdBy());
        putIfPresent(item, "createdAt", r.createdAt());
        putIfPresent(item, "submittedAt", r.submittedAt());
        putIfPresent(item, "portalEventId", r.portalEventId());
        if (!r.answers().isEmpty()) item.put("answers", answers(r.answers()));
        item.put("reminders", reminders(r.reminders()));
        putIfPresent(item, "dueAt", r.dueAt());
        if (r.overdue()) item.put("overdue", bool(true));
        if (!r.previousSubmissions().isEmpty()) {
            List<AttributeValue> history = new ArrayList<>();
            for (Submission s : r.previousSubmissions()) {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                putIfPresent(m, "portalEventId", s.portalEventId());
                putIfPresent(m, "submittedAt", s.submittedAt());
                m.put("answers", answers(s.answers()));
                history.add(m(m));
            }
            item.put("previousSubmissions", l(history));
        }
        putIfPresent(item, "reopenMessage", r.reopenMessage());
        item.put("rev", n(rev));
        return item;
    }

    static ClientRequest request(Map<String, AttributeValue> i) {
        List<Submission> history = new ArrayList<>();
        for (AttributeValue v : list(i, "previousSubmissions")) {
            history.add(new Submission(str(v.m(), "portalEventId"), instant(v.m(), "submittedAt"), answers(v.m())));
        }
        return new ClientRequest(str(i, "firmId"), str(i, "requestId"), str(i, "accountId"), str(i, "templateId"),
                str(i, "title"), str(i, "subject"), str(i, "message"), items(i), RequestStatus.valueOf(str(i, "status")),
                set(i, "jobIds"), delivery(i), str(i, "createdBy"), instant(i, "createdAt"), instant(i, "submittedAt"),
                str(i, "portalEventId"), answers(i), reminders(i), instant(i, "dueAt"), Attr.bool(i, "overdue"), history,
                str(i, "reopenMessage"), num(i, "rev"));
    }

    private static void putDelivery(Map<String, AttributeValue> item, Delivery d) {
        item.put("delivery", s(d.state().name()));
        item.put("deliveryKind", s(d.kind().name()));
        item.put("deliveryNumber", n(d.number()));
        putIfPresent(item, "claim", d.claim());
        putIfPresent(item, "deliveryAt", d.changedAt());
        if (d.recipients() > 0) item.put("recipients", n(d.recipients()));
        putSet(item, "emailedTo", d.emailedTo());
    }

    /** Items stored before the request had several emails have no kind or number: their one email, the request. */
    private static Delivery delivery(Map<String, AttributeValue> i) {
        String kind = str(i, "deliveryKind");
        return new Delivery(kind == null ? EmailKind.REQUEST : EmailKind.valueOf(kind), (int) num(i, "deliveryNumber"),
                DeliveryState.valueOf(str(i, "delivery")), str(i, "claim"), instant(i, "deliveryAt"),
                (int) num(i, "recipients"), set(i, "emailedTo"));
    }

    private static AttributeValue answers(List<Answer> answers) {
        List<AttributeValue> list = new ArrayList<>();
        for (Answer a : answers) list.add(m(Map.of("label", s(a.label()), "value", s(a.value()))));
        return l(list);
    }

    private static List<Answer> answers(Map<String, AttributeValue> i) {
        List<Answer> answers = new ArrayList<>();
        for (AttributeValue a : list(i, "answers")) answers.add(new Answer(str(a.m(), "label"), str(a.m(), "value")));
        return answers;
    }

    private static AttributeValue reminders(Reminders r) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("everyDays", n(r.everyDays()));
        m.put("times", n(r.times()));
        m.put("sent", n(r.sent()));
        putIfPresent(m, "startedAt", r.startedAt());
        putIfPresent(m, "nextAt", r.nextAt());
        if (r.stopped()) m.put("stopped", bool(true));
        return m(m);
    }

    /** Items stored before reminders existed have none: they remind nobody. */
    private static Reminders reminders(Map<String, AttributeValue> i) {
        AttributeValue v = i.get("reminders");
        if (v == null || !v.hasM()) return null;
        Map<String, AttributeValue> m = v.m();
        return new Reminders((int) num(m, "everyDays"), (int) num(m, "times"), (int) num(m, "sent"),
                instant(m, "startedAt"), instant(m, "nextAt"), Attr.bool(m, "stopped"));
    }
}
