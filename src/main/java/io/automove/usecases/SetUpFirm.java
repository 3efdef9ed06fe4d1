package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.Contact;
import io.automove.model.DerivedIds;
import io.automove.model.DomainEvent;
import io.automove.model.DomainException;
import io.automove.model.Firm;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.ReminderSettings;
import io.automove.model.RequestItem;
import io.automove.model.RequestTemplate;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.model.Stage;
import io.automove.model.StageAutomation;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.Read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Setting a firm up: the firm itself, its members, accounts, request templates and pipelines, and later edits of
 * a pipeline's stages. Everything here but creating a firm is for the owner and admins.
 */
public final class SetUpFirm {
    /**
     * Who may create a firm on this stack. SINGLE_FIRM: the stack serves the firm that deployed it, and the first
     * firm made closes creation (docs/deploy.md, "Firm creation"); MULTI_FIRM: anyone the identity provider vouches
     * for may found firms, each held to the daily email cap.
     */
    public enum FirmCreation {
        SINGLE_FIRM, MULTI_FIRM;

        /** The template's parameter value (SingleFirm, MultiFirm); unset is the safe one, SINGLE_FIRM. */
        public static FirmCreation of(String value) {
            return "MultiFirm".equals(value) ? MULTI_FIRM : SINGLE_FIRM;
        }
    }

    private final Directory directory;
    private final NewIds ids;
    private final Access access;
    private final FirmCreation creation;

    public SetUpFirm(Directory directory, Ids ids) {
        this(directory, ids, FirmCreation.MULTI_FIRM);
    }

    public SetUpFirm(Directory directory, Ids ids, FirmCreation creation) {
        this.directory = directory;
        this.ids = new NewIds(ids);
        this.access = new Access(directory);
        this.creation = creation;
    }

    /** The caller becomes the firm's OWNER; in single-firm mode only while no firm was made on this stack. */
    public Created<Firm> createFirm(Caller caller, String name, IdempotencyKey key) {
        String firmId = ids.forCreate("firm", caller, key);
        Firm firm = new Firm(firmId, name, caller.userId());
        Member owner = new Member(firmId, caller.userId(), Role.OWNER, Set.of());
        boolean created;
        if (creation == FirmCreation.MULTI_FIRM) {
            created = directory.createFirm(firm, owner);
        } else {
            Directory.OnlyFirm outcome = directory.createOnlyFirm(firm, owner);
            if (outcome == Directory.OnlyFirm.CLOSED) {
                throw DomainException.forbidden("FIRM_CREATION_CLOSED", "This stack serves one firm, which exists "
                        + "already: ask its owner to add you as a member.");
            }
            created = outcome == Directory.OnlyFirm.CREATED;
        }
        if (created) return new Created<>(firm, false);
        return new Created<>(directory.firm(firmId).orElseThrow(), true);
    }

    public Created<Account> createAccount(Caller caller, String name, List<Contact> contacts, Set<String> teamMemberIds,
                                          Set<String> tags, IdempotencyKey key) {
        Member manager = access.manager(caller, "create accounts");
        if (contacts == null || contacts.isEmpty()) {
            throw DomainException.invalid("NO_CONTACTS", "An account needs at least one contact to send requests to.");
        }
        for (String userId : teamMemberIds == null ? Set.<String>of() : teamMemberIds) {
            if (directory.member(manager.firmId(), userId).isEmpty()) {
                throw DomainException.invalid("UNKNOWN_MEMBER", "teamMemberIds: " + userId + " is not a member of this firm.");
            }
        }
        String accountId = ids.forCreate("acc", caller, key);
        Account account = new Account(manager.firmId(), accountId, name, contacts, teamMemberIds, tags);
        if (directory.createAccount(account)) return new Created<>(account, false);
        return new Created<>(directory.account(manager.firmId(), accountId).orElseThrow(), true);
    }

    public Created<RequestTemplate> createTemplate(Caller caller, String name, String subject, String message,
                                                   List<RequestItem> items, ReminderSettings reminders, Integer dueInDays,
                                                   IdempotencyKey key) {
        Member manager = access.manager(caller, "create request templates");
        String templateId = ids.forCreate("tpl", caller, key);
        RequestTemplate template = new RequestTemplate(manager.firmId(), templateId, name, subject, message, items,
                reminders, dueInDays);
        if (directory.createTemplate(template)) return new Created<>(template, false);
        return new Created<>(directory.template(manager.firmId(), templateId).orElseThrow(), true);
    }

    /** What a caller asks for one stage; ids are ours to give. */
    public record StageSpec(String name, boolean automove, List<StageAutomation> automations) {}

    public Created<Pipeline> createPipeline(Caller caller, String name, List<StageSpec> specs, IdempotencyKey key) {
        Member manager = access.manager(caller, "create pipelines");
        if (specs == null || specs.isEmpty()) throw DomainException.invalid("NO_STAGES", "a pipeline needs at least one stage");
        String pipelineId = ids.forCreate("pl", caller, key);
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            StageSpec s = specs.get(i);
            stages.add(new Stage(DerivedIds.of("stg", pipelineId, Integer.toString(i)), s.name(), s.automove(), s.automations()));
        }
        Pipeline pipeline = new Pipeline(manager.firmId(), pipelineId, name, stages, 0);
        requireTemplates(pipeline);
        if (directory.createPipeline(pipeline)) return new Created<>(pipeline, false);
        return new Created<>(directory.pipeline(manager.firmId(), pipelineId).orElseThrow(), true);
    }

    /** A partial change of one stage; null fields stay as they are. Applies to jobs entering it afterwards. */
    public record StagePatch(String name, Boolean automove, List<StageAutomation> automations) {}

    public Pipeline editStage(Caller caller, String pipelineId, String stageId, StagePatch patch) {
        Member manager = access.manager(caller, "change pipelines");
        return ReadDecideCommit.run("pipeline " + pipelineId, Read.EVENTUAL, read -> {
            Pipeline pipeline = directory.pipeline(manager.firmId(), pipelineId, read)
                    .orElseThrow(() -> DomainException.notFound("pipeline", pipelineId));
            Stage stage = pipeline.stage(stageId).orElseThrow(() -> DomainException.notFound("stage", stageId));
            List<String> fields = new ArrayList<>();
            if (patch.name() != null) {
                stage = stage.withName(patch.name());
                fields.add("name");
            }
            if (patch.automove() != null) {
                stage = stage.withAutomove(patch.automove());
                fields.add("automove");
            }
            if (patch.automations() != null) {
                stage = stage.withAutomations(patch.automations());
                fields.add("automations");
            }
            Pipeline changed = pipeline.withStage(stage);
            requireTemplates(changed);
            // someone else may have edited the pipeline meanwhile: then the patch is applied to their version
            return directory.updatePipeline(changed, new DomainEvent.StageChanged(manager.firmId(), pipelineId, stageId,
                    fields, caller.userId(), pipeline.rev() + 1));
        });
    }

    private void requireTemplates(Pipeline pipeline) {
        Set<String> wanted = pipeline.templateIds();
        if (wanted.isEmpty()) return;
        Map<String, RequestTemplate> found = directory.templates(pipeline.firmId(), wanted);
        for (String id : wanted) {
            if (!found.containsKey(id)) {
                throw DomainException.invalid("UNKNOWN_TEMPLATE", "automations: no request template with id " + id);
            }
        }
    }

}
