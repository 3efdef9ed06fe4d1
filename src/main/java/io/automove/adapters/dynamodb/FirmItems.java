package io.automove.adapters.dynamodb;

import io.automove.model.Account;
import io.automove.model.Answer;
import io.automove.model.AutomationType;
import io.automove.model.ClientRequest;
import io.automove.model.Conditions;
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
import static io.automove.adapters.dynamodb.Items.*;

/** A firm's configuration to items and back: the firm, its members, accounts, request templates and pipelines. */
final class FirmItems {
    private FirmItems() {}

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

    static Map<String, AttributeValue> member(Member m) { return member(m, 1, false); }

    /** A removed member stays as a tombstone ({@code removed}), with its last role, so its revision goes on. */
    static Map<String, AttributeValue> member(Member m, long rev, boolean removed) {
        Map<String, AttributeValue> item = item(Keys.firm(m.firmId()), Keys.member(m.userId()), "MEMBER");
        item.put("rev", n(rev));
        if (removed) item.put("removed", bool(true));
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
        putSet(item, "tags", a.tags());
        return item;
    }

    /** That a member works on an account: the employee's board reads their accounts from these. */
    static Map<String, AttributeValue> assignment(String firmId, String userId, String accountId) {
        Map<String, AttributeValue> item = item(Keys.firm(firmId), Keys.team(userId, accountId), "TEAM");
        item.put("userId", s(userId));
        item.put("accountId", s(accountId));
        return item;
    }

    static Account account(Map<String, AttributeValue> i) {
        List<Contact> contacts = new ArrayList<>();
        for (AttributeValue c : list(i, "contacts")) contacts.add(new Contact(str(c.m(), "name"), str(c.m(), "email")));
        return new Account(str(i, "firmId"), str(i, "accountId"), str(i, "name"), contacts, set(i, "teamMemberIds"),
                set(i, "tags"));
    }

    static Map<String, AttributeValue> template(RequestTemplate t) {
        Map<String, AttributeValue> item = item(Keys.firm(t.firmId()), Keys.template(t.templateId()), "TEMPLATE");
        item.put("firmId", s(t.firmId()));
        item.put("templateId", s(t.templateId()));
        item.put("name", s(t.name()));
        item.put("subject", s(t.subject()));
        item.put("message", s(t.message()));
        item.put("items", items(t.items()));
        putReminderSettings(item, t.reminders());
        putInteger(item, "dueInDays", t.dueInDays());
        return item;
    }

    static RequestTemplate template(Map<String, AttributeValue> i) {
        return new RequestTemplate(str(i, "firmId"), str(i, "templateId"), str(i, "name"), str(i, "subject"),
                str(i, "message"), items(i), reminderSettings(i), integer(i, "dueInDays"));
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
            for (StageAutomation a : st.automations()) automations.add(m(automation(a)));
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
            for (AttributeValue a : list(st, "automations")) automations.add(automation(a.m()));
            stages.add(new Stage(str(st, "stageId"), str(st, "name"), Attr.bool(st, "automove"), automations));
        }
        return new Pipeline(str(i, "firmId"), str(i, "pipelineId"), str(i, "name"), stages, num(i, "rev"));
    }

    private static Map<String, AttributeValue> automation(StageAutomation a) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("type", s(a.type().name()));
        m.put("templateId", s(a.templateId()));
        putReminderSettings(m, a.reminders());
        putInteger(m, "dueInDays", a.dueInDays());
        if (!a.conditions().none()) m.put("conditions", m(Map.of("accountTags", ss(a.conditions().accountTags()))));
        return m;
    }

    private static StageAutomation automation(Map<String, AttributeValue> m) {
        AttributeValue conditions = m.get("conditions");
        return new StageAutomation(AutomationType.valueOf(str(m, "type")), str(m, "templateId"), reminderSettings(m),
                integer(m, "dueInDays"), conditions == null || !conditions.hasM() ? Conditions.NONE
                : new Conditions(set(conditions.m(), "accountTags")));
    }
}
