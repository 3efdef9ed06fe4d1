package io.automove.handlers;

import io.automove.model.Contact;
import io.automove.model.Role;
import io.automove.usecases.ChangeAccount;
import io.automove.usecases.ManageMembers;
import io.automove.usecases.ReadActivity;
import io.automove.usecases.ReadFirm;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The firm API: what the screens read of the firm (members, accounts and their jobs, pipelines, request templates),
 * a page at a time, the changes of members and accounts, and the activity trails. A function of its own, apart
 * from the workflow API's jobs and board.
 */
public final class FirmApiHandler extends ApiFunction {
    private final ReadFirm read;
    private final ManageMembers members;
    private final ChangeAccount changeAccount;
    private final ReadActivity activity;
    private final Cursors cursors;
    private final Priming priming;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    public FirmApiHandler() {
        this(Wiring.fromEnvironment());
    }

    public FirmApiHandler(Wiring wiring) {
        this.read = new ReadFirm(wiring.directory(), wiring.store());
        this.members = new ManageMembers(wiring.directory());
        this.changeAccount = new ChangeAccount(wiring.directory());
        this.activity = new ReadActivity(wiring.directory(), wiring.store(), wiring::activityTrail);
        this.cursors = new Cursors(wiring.settings().cursorKey());
        routes.put("GET /members", r -> list(r, "members", "GET /members", page ->
                read.members(r.caller(), page).map(Views::member)));
        routes.put("PATCH /members/{userId}", this::changeMember);
        routes.put("DELETE /members/{userId}", r -> {
            noBody(r);
            members.remove(r.caller(), r.path("userId"));
            return HttpResponse.noContent();
        });
        routes.put("GET /accounts", r -> list(r, "accounts", "GET /accounts", page ->
                read.accounts(r.caller(), page).map(Views::accountSummary)));
        routes.put("GET /accounts/{accountId}", this::account);
        routes.put("PATCH /accounts/{accountId}", this::changeAccount);
        routes.put("GET /accounts/{accountId}/jobs", r -> list(r, "jobs", jobsQuery(r.path("accountId")), page ->
                read.accountJobs(r.caller(), r.path("accountId"), page).map(Views::accountJob)));
        routes.put("GET /pipelines", r -> list(r, "pipelines", "GET /pipelines", page ->
                read.pipelines(r.caller(), page).map(Views::pipeline)));
        routes.put("GET /request-templates", r -> list(r, "requestTemplates", "GET /request-templates", page ->
                read.templates(r.caller(), page).map(Views::template)));
        routes.put("GET /request-templates/{templateId}", r -> HttpResponse.json(200,
                Views.template(read.template(r.caller(), r.path("templateId")))));
        // the trails: a cursor is bound to the job or request it pages, like an account's jobs
        routes.put("GET /jobs/{jobId}/activity", r -> list(r, "activity", "GET /jobs/{jobId}/activity " + r.path("jobId"),
                page -> activity.ofJob(r.caller(), r.path("jobId"), page).map(Views::activity)));
        routes.put("GET /client-requests/{requestId}/activity", r -> list(r, "activity",
                "GET /client-requests/{requestId}/activity " + r.path("requestId"),
                page -> activity.ofRequest(r.caller(), r.path("requestId"), page).map(Views::activity)));
        routes.put("GET /activity", r -> list(r, "activity", "GET /activity", page ->
                activity.ofFirm(r.caller(), page).map(Views::activity)));
        this.priming = Priming.register("FirmApiFunction", this::prime);
    }

    @Override
    protected Map<String, Route> routes() { return routes; }

    /** One page of a list: {@code {"<name>": [...], "nextCursor": ...}}, the cursor sealed for this firm and query. */
    private HttpResponse list(HttpRequest r, String name, String query,
                              java.util.function.Function<PageRequest, Page<Map<String, Object>>> read) {
        String firmId = r.caller().requireFirm();
        Page<Map<String, Object>> page = read.apply(cursors.request(r, firmId, query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(name, page.items());
        body.put("nextCursor", cursors.seal(page.next(), firmId, query));
        return HttpResponse.json(200, body);
    }

    private HttpResponse changeMember(HttpRequest r) {
        Body body = Body.of(r);
        Role role = body.optEnum("role", Role.class);
        java.util.Set<io.automove.model.Right> rights = BodyParts.rights(body);
        body.end();
        return HttpResponse.json(200, Views.member(members.change(r.caller(), r.path("userId"), role, rights)));
    }

    private HttpResponse changeAccount(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.optStr("name");
        List<Contact> contacts = BodyParts.contacts(body);
        List<String> team = body.optStrings("teamMemberIds");
        List<String> tags = body.optStrings("tags");
        body.end();
        var changed = changeAccount.change(r.caller(), r.path("accountId"), new ChangeAccount.Patch(name, contacts,
                team == null ? null : new LinkedHashSet<>(team), tags == null ? null : new LinkedHashSet<>(tags)));
        return HttpResponse.json(200, Views.account(changed));
    }

    /** The account's jobs are one query whichever route pages them: a cursor from one goes on with the other. */
    private static String jobsQuery(String accountId) { return "GET /accounts/{accountId}/jobs " + accountId; }

    private HttpResponse account(HttpRequest r) {
        String firmId = r.caller().requireFirm();
        String accountId = r.path("accountId");
        String query = jobsQuery(accountId);
        PageRequest page = cursors.request(r, firmId, query);
        ReadFirm.AccountWithJobs found = read.account(r.caller(), accountId, page);
        Map<String, Object> body = Views.account(found.account());
        body.put("jobs", found.jobs().map(Views::accountJob).items());
        body.put("jobsNextCursor", cursors.seal(found.jobs().next(), firmId, query));
        return HttpResponse.json(200, body);
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.httpEvent("GET /accounts", "/accounts", null));
        primeWith(Priming.httpEvent("GET /pipelines", "/pipelines", null));
    }

    Priming priming() { return priming; }
}
