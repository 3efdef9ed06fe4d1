package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Activity;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.usecases.ports.ActivityTrail;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

/**
 * Reads the activity trail: a job's or a request's (whoever may see its account), oldest first, and the firm's
 * (owner and admins), newest first. A page costs what its entries cost, plus the one read that checks access.
 */
public final class ReadActivity {
    private final WorkflowStore store;
    private final java.util.function.Supplier<ActivityTrail> trails;
    private final Access access;

    /** @param trail asked for at the first read of a trail, not before */
    public ReadActivity(Directory directory, WorkflowStore store, java.util.function.Supplier<ActivityTrail> trail) {
        this.store = store;
        this.trails = trail;
        this.access = new Access(directory);
    }

    public Page<Activity> ofJob(Caller caller, String jobId, PageRequest page) {
        Member member = access.member(caller);
        Job job = store.job(member.firmId(), jobId, Read.EVENTUAL).orElseThrow(() -> DomainException.notFound("job", jobId));
        access.require(member, job.accountId(), Action.READ);
        return trails.get().ofJob(member.firmId(), jobId, page);
    }

    public Page<Activity> ofRequest(Caller caller, String requestId, PageRequest page) {
        Member member = access.member(caller);
        ClientRequest request = store.clientRequest(member.firmId(), requestId, Read.EVENTUAL)
                .orElseThrow(() -> DomainException.notFound("client request", requestId));
        access.require(member, request.accountId(), Action.READ);
        return trails.get().ofRequest(member.firmId(), requestId, page);
    }

    public Page<Activity> ofFirm(Caller caller, PageRequest page) {
        Member manager = access.manager(caller, "see the firm's activity");
        return trails.get().ofFirm(manager.firmId(), page);
    }
}
