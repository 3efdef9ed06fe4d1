package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.JobArchived;
import io.automove.model.DomainEvent.JobUnarchived;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Archiving takes a job off the board: it never moves again (by hand or by automove) until unarchived, and the
 * requests linked to no other active job stop reminding the client, for good. Unarchiving puts it back on the board;
 * stopped reminders stay stopped. The job and those requests change in one transaction.
 */
public final class ArchiveJob {
    private final WorkflowStore store;
    private final Access access;

    public ArchiveJob(Directory directory, WorkflowStore store) {
        this.store = store;
        this.access = new Access(directory);
    }

    public Job archive(Caller caller, String jobId) {
        Member member = access.member(caller);
        return ReadDecideCommit.run("job " + jobId, Read.EVENTUAL, read -> {
            Job job = read(member, jobId, read);
            if (job.archived()) throw DomainException.conflict("JOB_ARCHIVED", "The job is already archived.");
            Job after = job.withArchived(true);
            Changes changes = Changes.of().updateJob(job, after,
                    new JobArchived(job.firmId(), jobId, job.accountId(), caller.userId(), job.rev() + 1));
            for (ClientRequest r : remindingOnlyThrough(job, read)) changes.updateRequest(r, r.remindersStopped());
            store.commit(changes);
            return after.atRev(job.rev() + 1);
        });
    }

    public Job unarchive(Caller caller, String jobId) {
        Member member = access.member(caller);
        return ReadDecideCommit.run("job " + jobId, Read.EVENTUAL, read -> {
            Job job = read(member, jobId, read);
            if (!job.archived()) throw DomainException.conflict("JOB_NOT_ARCHIVED", "The job is not archived.");
            Job after = job.withArchived(false);
            store.commit(Changes.of().updateJob(job, after,
                    new JobUnarchived(job.firmId(), jobId, job.accountId(), caller.userId(), job.rev() + 1)));
            return after.atRev(job.rev() + 1);
        });
    }

    private Job read(Member member, String jobId, Read read) {
        Job job = store.job(member.firmId(), jobId, read).orElseThrow(() -> DomainException.notFound("job", jobId));
        access.require(member, job.accountId(), Action.ARCHIVE_JOB);
        return job;
    }

    /** The job's unfinished requests that still remind, and whose every other linked job is archived already. */
    private List<ClientRequest> remindingOnlyThrough(Job job, Read read) {
        List<ClientRequest> reminding = store.clientRequests(job.firmId(), job.requestIds(), read).stream()
                .filter(r -> r.unfinished() && !r.reminders().stopped() && r.reminders().sent() < r.reminders().times())
                .toList();
        if (reminding.isEmpty()) return List.of();
        Set<String> others = new HashSet<>();
        reminding.forEach(r -> others.addAll(r.jobIds()));
        others.remove(job.jobId());
        Map<String, Job> otherJobs = store.jobs(job.firmId(), others, read).stream()
                .collect(Collectors.toMap(Job::jobId, Function.identity()));
        return reminding.stream().filter(r -> r.jobIds().stream().filter(id -> !id.equals(job.jobId()))
                .allMatch(id -> otherJobs.containsKey(id) && otherJobs.get(id).archived())).toList();
    }
}
