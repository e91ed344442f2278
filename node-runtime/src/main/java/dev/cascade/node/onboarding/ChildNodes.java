package dev.cascade.node.onboarding;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** The children this node has onboarded, as recorded in its database. */
@ApplicationScoped
public class ChildNodes {

    @Inject
    Mutiny.SessionFactory sessions;

    public Uni<List<ChildNodeRecord>> all() {
        return sessions.withSession(s -> s.createSelectionQuery("from ChildNodeRecord c order by c.region",
                ChildNodeRecord.class).getResultList());
    }
}
