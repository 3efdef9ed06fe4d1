package io.automove.ports;

/** New random ids; ids that must survive a retry come from {@link io.automove.domain.DerivedIds} instead. */
public interface Ids {
    String newId(String prefix);
}
