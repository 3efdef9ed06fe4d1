package io.automove.adapters.eventbridge;

import io.automove.adapters.events.EventCodec;
import io.automove.usecases.ports.EventPublisher.Event;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgePublisherTest {
    private static final String BUS = "automove-bus";

    /** EventBridgeClient's methods default to throwing; this one answers putEvents only. */
    static final class FakeEventBridge implements EventBridgeClient {
        final List<PutEventsRequest> calls = new ArrayList<>();
        final Deque<PutEventsResponse> answers = new ArrayDeque<>();

        @Override public PutEventsResponse putEvents(PutEventsRequest request) {
            calls.add(request);
            PutEventsResponse scripted = answers.poll();
            if (scripted != null) return scripted;
            return PutEventsResponse.builder().failedEntryCount(0)
                    .entries(request.entries().stream().map(e -> PutEventsResultEntry.builder().eventId("id").build()).toList())
                    .build();
        }
        @Override public String serviceName() { return SERVICE_NAME; }
        @Override public void close() {}
    }

    private final FakeEventBridge client = new FakeEventBridge();
    private final EventBridgePublisher publisher = new EventBridgePublisher(client, BUS);

    private static List<Event> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Event("evt-" + i, i % 2 == 0 ? "ClientRequestCreated" : "JobStageChanged",
                "{\"firmId\":\"firm-1\",\"n\":" + i + "}")).toList();
    }

    @Test
    void eachEntry_carriesBusSourceDetailTypeAndDetail() {
        publisher.publish(events(2));

        assertThat(client.calls).singleElement().satisfies(r -> assertThat(r.entries()).containsExactly(
                PutEventsRequestEntry.builder().eventBusName(BUS).source("io.automove").detailType("ClientRequestCreated")
                        .detail("{\"firmId\":\"firm-1\",\"n\":0}").build(),
                PutEventsRequestEntry.builder().eventBusName(BUS).source("io.automove").detailType("JobStageChanged")
                        .detail("{\"firmId\":\"firm-1\",\"n\":1}").build()));
        assertThat(EventCodec.SOURCE).isEqualTo("io.automove");
    }

    @Test
    void events_arePutInChunksOfTen_inOrder() {
        publisher.publish(events(25));

        assertThat(client.calls).extracting(r -> r.entries().size()).containsExactly(10, 10, 5);
        List<String> details = client.calls.stream().flatMap(r -> r.entries().stream()).map(PutEventsRequestEntry::detail).toList();
        assertThat(details).isEqualTo(events(25).stream().map(Event::detailJson).toList());
    }

    @Test
    void exactlyTen_isOneCall_andNone_isNoCall() {
        publisher.publish(events(10));
        assertThat(client.calls).hasSize(1);

        publisher.publish(List.of());
        assertThat(client.calls).hasSize(1);
    }

    @Test
    void failedEntries_throw_namingTheErrorCode_andLaterChunksAreNotSent() {
        client.answers.add(PutEventsResponse.builder().failedEntryCount(1).entries(
                PutEventsResultEntry.builder().eventId("ok").build(),
                PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build()).build());

        assertThatThrownBy(() -> publisher.publish(events(15)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 of 10")
                .hasMessageContaining("InternalFailure");
        assertThat(client.calls).hasSize(1);
    }

    @Test
    void aFailureInALaterChunk_throwsToo() {
        client.answers.add(PutEventsResponse.builder().failedEntryCount(0).build());
        client.answers.add(PutEventsResponse.builder().failedEntryCount(2).entries(List.of()).build());

        assertThatThrownBy(() -> publisher.publish(events(12))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 of 2").hasMessageContaining("unknown");
    }

    @Test
    void responseWithoutFailedEntryCount_isSuccess() {
        client.answers.add(PutEventsResponse.builder().build());

        publisher.publish(events(1));

        assertThat(client.calls).hasSize(1);
    }
}
