package io.automove.handlers;

import io.automove.model.AutomationType;
import io.automove.model.Conditions;
import io.automove.model.DueDate;
import io.automove.model.ItemKind;
import io.automove.model.ReminderSettings;
import io.automove.model.RequestItem;
import io.automove.model.Right;
import io.automove.model.StageAutomation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The parts several routes' bodies share: a request's items, reminders, a due date, stage automations. */
final class BodyParts {
    private BodyParts() {}

    /** {@code items}: [{kind, label, required}]. */
    static List<RequestItem> items(Body body) {
        List<RequestItem> items = new ArrayList<>();
        for (Body i : body.objects("items")) {
            items.add(new RequestItem(i.enumValue("kind", ItemKind.class), i.str("label"), i.bool("required", true)));
            i.end();
        }
        return items;
    }

    /** {@code reminders}: {everyDays, times}, both required when the object is given; null when left out. */
    static ReminderSettings reminders(Body body) {
        Body r = body.optObject("reminders");
        if (r == null) return null;
        Integer everyDays = r.optInt("everyDays");
        Integer times = r.optInt("times");
        r.end();
        if (everyDays == null || times == null) {
            throw io.automove.model.DomainException.invalid("MISSING_FIELD", "reminders needs everyDays and times.");
        }
        return new ReminderSettings(everyDays, times);
    }

    static Integer dueInDays(Body body) { return DueDate.days(body.optInt("dueInDays"), "dueInDays"); }

    /** {@code automations}: [{type, templateId, reminders?, dueInDays?, conditions?: {accountTags}}]; null if absent. */
    static List<StageAutomation> automations(Body body, String field) {
        List<Body> list = body.optObjects(field);
        if (list == null) return null;
        List<StageAutomation> automations = new ArrayList<>();
        for (Body a : list) {
            AutomationType type = a.enumValue("type", AutomationType.class);
            String templateId = a.str("templateId");
            ReminderSettings reminders = reminders(a);
            Integer dueInDays = dueInDays(a);
            Conditions conditions = Conditions.NONE;
            Body c = a.optObject("conditions");
            if (c != null) {
                conditions = new Conditions(new LinkedHashSet<>(c.strings("accountTags")));
                c.end();
            }
            automations.add(new StageAutomation(type, templateId, reminders, dueInDays, conditions));
            a.end();
        }
        return automations;
    }

    /** {@code rights}: a list of {@link Right} names, exactly as listed; null when left out. */
    static java.util.Set<Right> rights(Body body) {
        List<String> names = body.optStrings("rights");
        if (names == null) return null;
        java.util.Set<Right> rights = java.util.EnumSet.noneOf(Right.class);
        for (String right : names) {
            try {
                rights.add(Right.valueOf(right));
            } catch (IllegalArgumentException e) {
                throw io.automove.model.DomainException.invalid("INVALID_FIELD", "rights must be a list of "
                        + List.of(Right.values()) + ".");
            }
        }
        return rights;
    }

    /** {@code contacts}: [{name, email}]; null when left out. */
    static List<io.automove.model.Contact> contacts(Body body) {
        List<Body> given = body.optObjects("contacts");
        if (given == null) return null;
        List<io.automove.model.Contact> contacts = new ArrayList<>();
        for (Body c : given) {
            contacts.add(new io.automove.model.Contact(c.str("name"), c.str("email")));
            c.end();
        }
        return contacts;
    }
}
