package io.automove.usecases.ports;

/** New random ids; ids that must survive a retry come from {@link io.automove.model.DerivedIds} instead. */
public interface Ids {
    String newId(String prefix);
}
