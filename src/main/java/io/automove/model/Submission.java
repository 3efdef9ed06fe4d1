package io.automove.model;

import java.time.Instant;
import java.util.List;

/** One submission of a request by the client, kept as history when the firm reopens the request. */
public record Submission(String portalEventId, Instant submittedAt, List<Answer> answers) {
    public Submission {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }
}
