package io.automove.handlers;

import io.automove.model.ClientRequest;
import io.automove.usecases.ReadClientRequests.LinkedJob;
import io.automove.usecases.ReadClientRequests.RequestWithJobs;
import io.automove.usecases.ReadJobs;
import io.automove.model.Pipeline;
import io.automove.model.RequestItem;
import io.automove.model.SkippedAutomation;
import io.automove.model.Stage;
import io.automove.model.Submission;
import io.automove.model.StageAutomation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain values as the JSON documented in docs/openapi.yaml. */
final class Views {
    private Views() {}

    static Map<String, Object> pipeline(Pipeline p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipelineId", p.pipelineId());
        m.put("name", p.name());
        List<Object> stages = new ArrayList<>();
        for (Stage s : p.stages()) stages.add(stage(s));
        m.put("stages", stages);
        return m;
    }

    static Map<String, Object> stage(Stage s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stageId", s.stageId());
        m.put("name", s.name());
        m.put("automove", s.automove());
        List<Object> automations = new ArrayList<>();
        for (StageAutomation a : s.automations()) automations.add(automation(a));
        m.put("automations", automations);
        return m;
    }

    /** An automation as set: reminders and dueInDays null when the template's (or the defaults) apply. */
    static Map<String, Object> automation(StageAutomation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.type().name());
        m.put("templateId", a.templateId());
        m.put("reminders", a.reminders() == null ? null
                : Map.of("everyDays", a.reminders().everyDays(), "times", a.reminders().times()));
        m.put("dueInDays", a.dueInDays());
        m.put("conditions", Map.of("accountTags", new java.util.TreeSet<>(a.conditions().accountTags())));
        return m;
    }

    static Map<String, Object> jobCard(ReadJobs.JobCard card) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", card.job().jobId());
        m.put("title", card.job().title());
        m.put("accountId", card.job().accountId());
        m.put("pipelineId", card.job().pipelineId());
        m.put("stageId", card.job().stageId());
        m.put("stageName", card.stageName());
        m.put("status", card.pipeline().isLast(card.job().stageId()) ? "DONE" : "OPEN");
        m.put("archived", card.job().archived());
        List<Object> requests = new ArrayList<>();
        for (ClientRequest r : card.requests()) requests.add(requestSummary(r));
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("clientRequests", requests);
        linked.put("unfinishedCount", card.unfinishedCount());
        m.put("linked", linked);
        List<Object> skipped = new ArrayList<>();
        for (SkippedAutomation s : card.job().skippedAutomations()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("type", s.type().name());
            sm.put("templateId", s.templateId());
            sm.put("reason", s.reason().name());
            sm.put("requestId", s.requestId());
            skipped.add(sm);
        }
        m.put("skippedAutomations", skipped);
        return m;
    }

    static Map<String, Object> requestSummary(ClientRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.requestId());
        m.put("title", r.title());
        m.put("status", r.status().name());
        m.put("delivery", r.delivery().state().name());
        lifecycle(m, r);
        return m;
    }

    /** Reminders, due date and overdue, as the job card and the request show them. */
    private static void lifecycle(Map<String, Object> m, ClientRequest r) {
        Map<String, Object> reminders = new LinkedHashMap<>();
        reminders.put("everyDays", r.reminders().everyDays());
        reminders.put("times", r.reminders().times());
        reminders.put("sent", r.reminders().sent());
        Instant next = r.unfinished() ? r.reminders().nextAt() : null;
        reminders.put("nextAt", next == null ? null : next.toString());
        m.put("reminders", reminders);
        m.put("dueAt", r.dueAt() == null ? null : r.dueAt().toString());
        m.put("overdue", r.overdue() && r.unfinished());
    }

    static Map<String, Object> requestCard(RequestWithJobs card) {
        ClientRequest r = card.request();
        List<LinkedJob> jobs = card.jobs();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.requestId());
        m.put("accountId", r.accountId());
        m.put("title", r.title());
        m.put("subject", r.subject());
        m.put("message", r.message());
        m.put("status", r.status().name());
        m.put("delivery", r.delivery().state().name());
        m.put("lastEmail", Map.of("kind", r.delivery().kind().name(), "number", r.delivery().number()));
        lifecycle(m, r);
        List<Object> items = new ArrayList<>();
        for (RequestItem i : r.items()) {
            items.add(Map.of("kind", i.kind().name(), "label", i.label(), "required", i.required()));
        }
        m.put("items", items);
        m.put("jobs", linkedJobs(jobs));
        m.put("createdAt", String.valueOf(r.createdAt()));
        if (r.submittedAt() != null) {
            m.put("submittedAt", r.submittedAt().toString());
            List<Object> answers = new ArrayList<>();
            r.answers().forEach(a -> answers.add(Map.of("label", a.label(), "value", a.value())));
            m.put("answers", answers);
        }
        List<Object> earlier = new ArrayList<>();
        for (Submission s : r.previousSubmissions()) {
            List<Object> answers = new ArrayList<>();
            s.answers().forEach(a -> answers.add(Map.of("label", a.label(), "value", a.value())));
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("submittedAt", s.submittedAt() == null ? null : s.submittedAt().toString());
            sm.put("answers", answers);
            earlier.add(sm);
        }
        m.put("previousSubmissions", earlier);
        return m;
    }

    static List<Object> linkedJobs(List<LinkedJob> jobs) {
        List<Object> list = new ArrayList<>();
        for (LinkedJob j : jobs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobId", j.job().jobId());
            m.put("title", j.job().title());
            m.put("pipelineId", j.job().pipelineId());
            m.put("pipelineName", j.pipeline() == null ? null : j.pipeline().name());
            m.put("stageId", j.job().stageId());
            list.add(m);
        }
        return list;
    }

    /** The board's first screen; {@code cursor} seals a stage's continuation into that stage's nextCursor. */
    static Map<String, Object> board(ReadJobs.Board board, java.util.function.BiFunction<String, String, String> cursor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipelineId", board.pipeline().pipelineId());
        m.put("name", board.pipeline().name());
        List<Object> stages = new ArrayList<>();
        for (ReadJobs.Column c : board.stages()) {
            Stage s = c.stage();
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stageId", s.stageId());
            stage.put("name", s.name());
            stage.put("automove", s.automove());
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("jobs", c.counts().jobs());
            counts.put("unfinished", c.counts().unfinished());
            counts.put("overdue", c.counts().overdue());
            stage.put("counts", counts);
            stage.put("jobs", boardJobs(c.jobs().items()));
            stage.put("nextCursor", cursor.apply(s.stageId(), c.jobs().next()));
            stages.add(stage);
        }
        m.put("stages", stages);
        return m;
    }

    /** One page of one stage. */
    static Map<String, Object> stagePage(ReadJobs.StagePage page, String nextCursor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipelineId", page.pipeline().pipelineId());
        m.put("stageId", page.stageId());
        m.put("jobs", boardJobs(page.jobs().items()));
        m.put("nextCursor", nextCursor);
        return m;
    }

    private static List<Object> boardJobs(List<ReadJobs.BoardJob> page) {
        List<Object> jobs = new ArrayList<>();
        for (ReadJobs.BoardJob j : page) {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("jobId", j.job().jobId());
            job.put("title", j.job().title());
            job.put("accountId", j.job().accountId());
            job.put("unfinishedCount", j.unfinishedCount());
            job.put("overdueCount", j.overdueCount());
            job.put("archived", j.job().archived());
            jobs.add(job);
        }
        return jobs;
    }

    /** An activity entry: what changed ({@code kind}, the event's name), when, by whom, and the ids it names. */
    static Map<String, Object> activity(io.automove.model.Activity a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", a.eventId());
        m.put("kind", a.kind());
        m.put("at", a.at().toString());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", a.actor().type().name());
        actor.put("id", a.actor().id());
        m.put("actor", actor);
        m.put("accountId", a.accountId());
        m.put("jobIds", a.jobIds());
        m.put("requestId", a.requestId());
        m.put("details", a.details());
        return m;
    }

    static Map<String, Object> member(io.automove.model.Member member) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", member.userId());
        m.put("role", member.role().name());
        m.put("rights", member.rights().stream().map(Enum::name).sorted().toList());
        return m;
    }

    /** An account as lists show it: no contacts (personal data stays on the account's own page). */
    static Map<String, Object> accountSummary(io.automove.model.Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", a.accountId());
        m.put("name", a.name());
        m.put("tags", new java.util.TreeSet<>(a.tags()));
        m.put("teamMemberIds", new java.util.TreeSet<>(a.teamMemberIds()));
        return m;
    }

    static Map<String, Object> account(io.automove.model.Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", a.accountId());
        m.put("name", a.name());
        List<Object> contacts = new ArrayList<>();
        for (io.automove.model.Contact c : a.contacts()) contacts.add(Map.of("name", c.name(), "email", c.email()));
        m.put("contacts", contacts);
        m.put("teamMemberIds", new java.util.TreeSet<>(a.teamMemberIds()));
        m.put("tags", new java.util.TreeSet<>(a.tags()));
        return m;
    }

    static Map<String, Object> accountJob(io.automove.usecases.ReadFirm.AccountJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.job().jobId());
        m.put("title", j.job().title());
        m.put("pipelineId", j.job().pipelineId());
        m.put("pipelineName", j.pipelineName());
        m.put("stageId", j.job().stageId());
        m.put("stageName", j.stageName());
        m.put("archived", j.job().archived());
        return m;
    }

    static Map<String, Object> template(io.automove.model.RequestTemplate t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("templateId", t.templateId());
        m.put("name", t.name());
        m.put("subject", t.subject());
        m.put("message", t.message());
        List<Object> items = new ArrayList<>();
        for (RequestItem i : t.items()) items.add(Map.of("kind", i.kind().name(), "label", i.label(), "required", i.required()));
        m.put("items", items);
        m.put("reminders", t.reminders() == null ? null
                : Map.of("everyDays", t.reminders().everyDays(), "times", t.reminders().times()));
        m.put("dueInDays", t.dueInDays());
        return m;
    }
}
