package io.automove.usecases.ports;

import java.util.List;

/** The webhook secrets accepted right now, newest first: two during a rotation. */
@FunctionalInterface
public interface SecretSource {
    List<String> current();
}
