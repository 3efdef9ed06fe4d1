package io.automove.adapters.dynamodb;

import io.automove.model.Account;
import io.automove.model.Answer;
import io.automove.model.AutomationType;
import io.automove.model.ClientRequest;
import io.automove.model.Contact;
import io.automove.model.Delivery;
import io.automove.model.DeliveryState;
import io.automove.model.Firm;
import io.automove.model.ItemKind;
import io.automove.model.Job;
import io.automove.model.SkippedAutomation;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.RequestItem;
import io.automove.model.RequestStatus;
import io.automove.model.RequestTemplate;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.model.Stage;
import io.automove.model.StageAutomation;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.automove.adapters.dynamodb.Attr.*;

/** Domain records to items and back, by hand: no reflection, and the item layout is visible in one place. */
final class ItemMapper {
    private ItemMapper() {}

    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>(2);
        key.put(Keys.PK, s(pk));
        key.put(Keys.SK, s(sk));
        return key;
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String type) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, s(pk));
        item.put(Keys.SK, s(sk));
        item.put("type", s(type));
        return item;
    }

    // --- firm configuration ---

    static Map<String, AttributeValue> firm(Firm f) {
        Map<String, AttributeValue> item = item(Keys.firm(f.firmId()), Keys.FIRM_SK, "FIRM");
        item.put("firmId", s(f.firmId()));
        item.put("name", s(f.name()));
        item.put("ownerId", s(f.ownerId()));
        return item;
    }

    static Firm firm(Map<String, AttributeValue> i) {
        return new Firm(str(i, "firmId"), str(i, "name"), str(i, "ownerId"));
    }

    static Map<String, AttributeValue> member(Member m) {
        Map<String, AttributeValue> item = item(Keys.firm(m.firmId()), Keys.member(m.userId()), "MEMBER");
        item.put("firmId", s(m.firmId()));
        item.put("userId", s(m.userId()));
        item.put("role", s(m.role().name()));
        Set<String> rights = new LinkedHashSet<>();
        m.rights().forEach(r -> rights.add(r.name()));
        putSet(item, "rights", rights);
        return item;
    }

    static Member member(Map<String, AttributeValue> i) {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        set(i, "rights").forEach(r -> rights.add(Right.valueOf(r)));
        return new Member(str(i, "firmId"), str(i, "userId"), Role.valueOf(str(i, "role")), rights);
    }

    static Map<String, AttributeValue> account(Account a) {
        Map<String, AttributeValue> item = item(Keys.firm(a.firmId()), Keys.account(a.accountId()), "ACCOUNT");
        item.put("firmId", s(a.firmId()));
        item.put("accountId", s(a.accountId()));
        item.put("name", s(a.name()));
        List<AttributeValue> contacts = new ArrayList<>();
        for (Contact c : a.contacts()) contacts.add(m(Map.of("name", s(c.name()), "email", s(c.email()))));
        item.put("contacts", l(contacts));
        putSet(item, "teamMemberIds", a.teamMemberIds());
        return item;
    }

    static Account account(Map<String, AttributeValue> i) {
        List<Contact> contacts = new ArrayList<>();
        for (AttributeValue c : list(i, "contacts")) contacts.add(new Contact(str(c.m(), "name"), str(c.m(), "email")));
        return new Account(str(i, "firmId"), str(i, "accountId"), str(i, "name"), contacts, set(i, "teamMemberIds"));
    }

    static Map<String, AttributeValue> template(RequestTemplate t) {
        Map<String, AttributeValue> item = item(Keys.firm(t.firmId()), Keys.template(t.templateId()), "TEMPLATE");
        item.put("firmId", s(t.firmId()));
        item.put("templateId", s(t.templateId()));
        item.put("name", s(t.name()));
        item.put("subject", s(t.subject()));
        item.put("message", s(t.message()));
        item.put("items", items(t.items()));
        return item;
    }

    static RequestTemplate template(Map<String, AttributeValue> i) {
        return new RequestTemplate(str(i, "firmId"), str(i, "templateId"), str(i, "name"), str(i, "subject"),
                str(i, "message"), items(i));
    }

    static Map<String, AttributeValue> pipeline(Pipeline p, long rev) {
        Map<String, AttributeValue> item = item(Keys.firm(p.firmId()), Keys.pipeline(p.pipelineId()), "PIPELINE");
        item.put("firmId", s(p.firmId()));
        item.put("pipelineId", s(p.pipelineId()));
        item.put("name", s(p.name()));
        List<AttributeValue> stages = new ArrayList<>();
        for (Stage st : p.stages()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put("stageId", s(st.stageId()));
            m.put("name", s(st.name()));
            m.put("automove", bool(st.automove()));
            List<AttributeValue> automations = new ArrayList<>();
            for (StageAutomation a : st.automations()) {
                automations.add(m(Map.of("type", s(a.type().name()), "templateId", s(a.templateId()))));
            }
            m.put("automations", l(automations));
            stages.add(m(m));
        }
        item.put("stages", l(stages));
        item.put("rev", n(rev));
        return item;
    }

    static Pipeline pipeline(Map<String, AttributeValue> i) {
        List<Stage> stages = new ArrayList<>();
        for (AttributeValue v : list(i, "stages")) {
            Map<String, AttributeValue> st = v.m();
            List<StageAutomation> automations = new ArrayList<>();
            for (AttributeValue a : list(st, "automations")) {
                automations.add(new StageAutomation(AutomationType.valueOf(str(a.m(), "type")), str(a.m(), "templateId")));
            }
            stages.add(new Stage(str(st, "stageId"), str(st, "name"), Attr.bool(st, "automove"), automations));
        }
        return new Pipeline(str(i, "firmId"), str(i, "pipelineId"), str(i, "name"), stages, num(i, "rev"));
    }

    // --- jobs and client requests ---

    static Map<String, AttributeValue> job(Job j, long rev) {
        Map<String, AttributeValue> item = item(Keys.job(j.firmId(), j.jobId()), Keys.JOB_SK, "JOB");
        item.put(Keys.GSI1PK, s(Keys.jobsOfPipeline(j.firmId(), j.pipelineId())));
        item.put(Keys.GSI1SK, s("JOB#" + j.createdAt() + "#" + j.jobId()));
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
        item.put("rev", n(rev));
        return item;
    }

    static Job job(Map<String, AttributeValue> i) {
        return new Job(str(i, "firmId"), str(i, "jobId"), str(i, "accountId"), str(i, "pipelineId"), str(i, "title"),
                str(i, "stageId"), num(i, "stageVersion"), set(i, "requestIds"), awaitedRequestIds(i),
                instant(i, "createdAt"), instant(i, "stageEnteredAt"), skipped(i), num(i, "rev"));
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
        Set<String> ids = new java.util.LinkedHashSet<>(set(i, "awaited"));
        ids.addAll(set(i, "awaitedRequestIds"));
        return ids;
    }

    static Map<String, AttributeValue> request(ClientRequest r, long rev) {
        Map<String, AttributeValue> item = item(Keys.request(r.firmId(), r.requestId()), Keys.REQUEST_SK, "REQUEST");
        item.put(Keys.GSI1PK, s(Keys.requestsOfAccount(r.firmId(), r.accountId())));
        item.put(Keys.GSI1SK, s("REQUEST#" + r.createdAt() + "#" + r.requestId()));
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
        Delivery d = r.delivery();
        item.put("delivery", s(d.state().name()));
        putIfPresent(item, "claim", d.claim());
        putIfPresent(item, "deliveryAt", d.changedAt());
        if (d.recipients() > 0) item.put("recipients", n(d.recipients()));
        putSet(item, "emailedTo", d.emailedTo());
        putIfPresent(item, "createdBy", r.createdBy());
        putIfPresent(item, "createdAt", r.createdAt());
        putIfPresent(item, "submittedAt", r.submittedAt());
        putIfPresent(item, "portalEventId", r.portalEventId());
        if (!r.answers().isEmpty()) {
            List<AttributeValue> answers = new ArrayList<>();
            for (Answer a : r.answers()) answers.add(m(Map.of("label", s(a.label()), "value", s(a.value()))));
            item.put("answers", l(answers));
        }
        item.put("rev", n(rev));
        return item;
    }

    static ClientRequest request(Map<String, AttributeValue> i) {
        List<Answer> answers = new ArrayList<>();
        for (AttributeValue a : list(i, "answers")) answers.add(new Answer(str(a.m(), "label"), str(a.m(), "value")));
        Delivery delivery = new Delivery(DeliveryState.valueOf(str(i, "delivery")), str(i, "claim"),
                instant(i, "deliveryAt"), (int) num(i, "recipients"), set(i, "emailedTo"));
        return new ClientRequest(str(i, "firmId"), str(i, "requestId"), str(i, "accountId"), str(i, "templateId"), str(i, "title"),
                str(i, "subject"), str(i, "message"), items(i), RequestStatus.valueOf(str(i, "status")),
                set(i, "jobIds"), delivery, str(i, "createdBy"), instant(i, "createdAt"), instant(i, "submittedAt"),
                str(i, "portalEventId"), answers, num(i, "rev"));
    }

    private static AttributeValue items(List<RequestItem> items) {
        List<AttributeValue> list = new ArrayList<>();
        for (RequestItem it : items) {
            list.add(m(Map.of("kind", s(it.kind().name()), "label", s(it.label()), "required", bool(it.required()))));
        }
        return l(list);
    }

    private static List<RequestItem> items(Map<String, AttributeValue> i) {
        List<RequestItem> items = new ArrayList<>();
        for (AttributeValue v : list(i, "items")) {
            items.add(new RequestItem(ItemKind.valueOf(str(v.m(), "kind")), str(v.m(), "label"), Attr.bool(v.m(), "required")));
        }
        return items;
    }
}
