package io.automove.localstack;

import io.automove.model.ClientRequest;
import io.automove.model.DeliveryState;
import io.automove.model.RequestEmail;
import io.automove.support.Json;
import io.automove.support.Log;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * At a restart on a data folder, before any function runs: a client request whose delivery is still SENDING was
 * claimed by an attempt of the JVM that was killed. In the cloud such a claim waits out its lease and becomes
 * UNCONFIRMED (possibly sent, never resent), because SES keeps no record a function could ask. Locally the mail
 * service died with the functions, and its outbox (the .eml files, each moved in whole) is exactly what went
 * out. So the claim is released with that knowledge: QUEUED again, remembering the contacts the outbox shows as
 * emailed, written through the store's own port as the function would; the delivery's invocation, queued again by
 * the bus, then emails only the others. Each contact gets one email, none is left out. The requests looked at are
 * those the unfinished invocations name: nothing else can hold a claim.
 */
final class DeadClaims {
    private DeadClaims() {}

    /** @return how many claims were released */
    static int release(List<LocalBus.Invocation> unfinished, WorkflowStore store, OutboxMailer outbox, Clock clock) {
        Set<List<String>> requests = new LinkedHashSet<>();
        for (LocalBus.Invocation i : unfinished) {
            Optional<JsonNode> detail = Json.parse(i.envelope()).field("detail");
            Optional<String> firmId = detail.flatMap(d -> d.field("firmId")).filter(JsonNode::isString).map(JsonNode::asString);
            Optional<String> requestId = detail.flatMap(d -> d.field("requestId")).filter(JsonNode::isString).map(JsonNode::asString);
            if (firmId.isPresent() && requestId.isPresent()) requests.add(List.of(firmId.get(), requestId.get()));
        }
        int released = 0;
        for (List<String> key : requests) {
            Optional<ClientRequest> found = store.clientRequest(key.get(0), key.get(1), Read.CONSISTENT);
            if (found.isEmpty() || found.get().delivery().state() != DeliveryState.SENDING) continue;
            ClientRequest request = found.get();
            Set<String> emailed = new LinkedHashSet<>(request.delivery().emailedTo());
            for (OutboxMailer.Sent m : outbox.messages()) {
                if (m.email().requestId().equals(request.requestId())) emailed.add(RequestEmail.mailboxKey(m.email().to()));
            }
            ClientRequest after = request.withDelivery(request.delivery().settled(DeliveryState.QUEUED, emailed,
                    clock.instant()));
            store.commit(Changes.of().updateRequest(request, after));
            Log.info("a killed attempt's delivery claim released", "firmId", request.firmId(),
                    "requestId", request.requestId(), "recipients", emailed.size());
            released++;
        }
        return released;
    }
}
