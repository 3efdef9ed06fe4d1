package io.automove.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.automove.model.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientRequestTest {
    private static final Instant SUBMITTED_AT = T0.plusSeconds(86_400);

    private static ClientRequest created() {
        return ClientRequest.create("firm-1", "req-1", "acc-1", "Missing documents", "Documents please",
                "Please send us the documents below.",
                List.of(new RequestItem(ItemKind.FILE_UPLOAD, "Bank statements", true)), Set.of("job-1"), "user-1", T0);
    }

    @Test
    void createdRequest_isPending_withItsEmailQueued() {
        ClientRequest r = created();

        assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(r.unfinished()).isTrue();
        assertThat(r.delivery()).isEqualTo(new Delivery(DeliveryState.QUEUED, null, T0, 0, Set.of()));
        assertThat(r.jobIds()).containsExactly("job-1");
        assertThat(r.createdBy()).isEqualTo("user-1");
        assertThat(r.createdAt()).isEqualTo(T0);
        assertThat(r.submittedAt()).isNull();
        assertThat(r.portalEventId()).isNull();
        assertThat(r.answers()).isEmpty();
        assertThat(r.rev()).isZero();
    }

    @Test
    void fromTemplate_copiesNameSubjectMessageAndItems() {
        RequestTemplate t = new RequestTemplate("firm-1", "tpl-1", "Missing documents", "Documents for your tax return",
                "Please send us these.", List.of(new RequestItem(ItemKind.QUESTION, "Did you move?", false)));

        ClientRequest r = ClientRequest.fromTemplate(t, "req-9", "acc-1", Set.of("job-1"), "automation", T0);

        assertThat(r.firmId()).isEqualTo("firm-1");
        assertThat(r.title()).isEqualTo("Missing documents");
        assertThat(r.subject()).isEqualTo("Documents for your tax return");
        assertThat(r.message()).isEqualTo("Please send us these.");
        assertThat(r.items()).isEqualTo(t.items());
        assertThat(r.createdBy()).isEqualTo("automation");
        assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void submitted_isFinal_andRecordsEventIdTimeAndAnswers_keepingEverythingElse() {
        ClientRequest r = created().atRev(3);
        List<Answer> answers = List.of(new Answer("Did you move?", "No"));

        ClientRequest s = r.submitted("portal-evt-1", SUBMITTED_AT, answers);

        assertThat(s.status()).isEqualTo(RequestStatus.SUBMITTED);
        assertThat(s.unfinished()).isFalse();
        assertThat(s.portalEventId()).isEqualTo("portal-evt-1");
        assertThat(s.submittedAt()).isEqualTo(SUBMITTED_AT);
        assertThat(s.answers()).isEqualTo(answers);
        assertThat(s.jobIds()).isEqualTo(r.jobIds());
        assertThat(s.delivery()).isEqualTo(r.delivery());
        assertThat(s.rev()).isEqualTo(3);
    }

    @Test
    void cancelled_isFinal_andKeepsEverythingElse() {
        ClientRequest r = created();

        ClientRequest c = r.cancelled();

        assertThat(c.status()).isEqualTo(RequestStatus.CANCELLED);
        assertThat(c.unfinished()).isFalse();
        assertThat(c.jobIds()).isEqualTo(r.jobIds());
        assertThat(c.items()).isEqualTo(r.items());
    }

    @Test
    void onlyPending_isUnfinished() {
        assertThat(RequestStatus.PENDING.unfinished()).isTrue();
        assertThat(RequestStatus.SUBMITTED.unfinished()).isFalse();
        assertThat(RequestStatus.CANCELLED.unfinished()).isFalse();
    }

    @Test
    void withDelivery_withJobs_atRev_changeOnlyTheirPart() {
        ClientRequest r = created();
        Delivery sent = new Delivery(DeliveryState.SENT, null, SUBMITTED_AT, 2, Set.of());

        ClientRequest d = r.withDelivery(sent);
        assertThat(d.delivery()).isEqualTo(sent);
        assertThat(d.reminders().startedAt()).as("an email that went starts the reminders").isEqualTo(SUBMITTED_AT);
        assertThat(d.withDelivery(r.delivery()).delivery()).isEqualTo(r.delivery());
        assertThat(d.jobIds()).isEqualTo(r.jobIds());
        assertThat(d.status()).isEqualTo(r.status());

        ClientRequest j = r.withJobs(Set.of("job-1", "job-2"));
        assertThat(j.jobIds()).containsExactlyInAnyOrder("job-1", "job-2");
        assertThat(j.withJobs(Set.of("job-1"))).isEqualTo(r);

        assertThat(r.atRev(5).rev()).isEqualTo(5);
        assertThat(r.atRev(5).atRev(0)).isEqualTo(r);
    }

    @Test
    void missingStatus_defaultsToPending() {
        ClientRequest r = new ClientRequest("firm-1", "req-1", "acc-1", null, "t", "s", "m", null, null, null,
                Delivery.queued(T0), "u", T0, null, null, null, null, null, false, null, null, 0);

        assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(r.items()).isEmpty();
        assertThat(r.jobIds()).isEmpty();
        assertThat(r.answers()).isEmpty();
    }

    @Test
    void moreThanFiftyItems_isRefused() {
        List<RequestItem> items = java.util.stream.IntStream.rangeClosed(1, RequestTemplate.MAX_ITEMS + 1)
                .mapToObj(i -> new RequestItem(ItemKind.QUESTION, "Q" + i, true)).toList();

        assertThatThrownBy(() -> ClientRequest.create("firm-1", "req-1", "acc-1", "t", "s", "m", items, Set.of(), "u", T0))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("TOO_MANY_ITEMS"));
    }

    @Test
    void toString_namesTheRequest_butNotItsContentOrAnswers() {
        ClientRequest s = created().submitted("e", SUBMITTED_AT, List.of(new Answer("Income", "42000 secret")));

        assertThat(s.toString()).contains("req-1").contains("SUBMITTED")
                .doesNotContain("42000").doesNotContain("Please send us");
    }
}
