package dev.cascade.node.exchange.owner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.node.catalog.ResourceJson;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.policy.PolicyBook;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.policy.decision.AccessRequest;
import dev.cascade.policy.decision.Decision;
import dev.cascade.policy.decision.DecisionContext;
import dev.cascade.policy.decision.PolicyEngine;
import dev.cascade.policy.decision.PolicyResource;
import dev.cascade.policy.decision.Requester;
import dev.cascade.policy.decision.TimeWindow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this node's catalog and the policy in force say of a request for one of its resources:
 * the policy's decision, or why none could be taken (the resource is not registered here, no
 * policy is in force yet, the request names fields or a clearance the resource does not know).
 */
@ApplicationScoped
public class OwnerPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATALOG_WAIT = Duration.ofSeconds(30);

    @Inject
    LocalNode node;
    @Inject
    PolicyBook policies;
    @Inject
    CatalogDescriptors catalog;

    /** The policy's decision, or (decision null) the failure that stopped it. */
    record Outcome(Decision decision, String failure) {
    }

    /** What the owner's catalog says of a resource it owns; empty when it is not registered (or withdrawn) here. */
    Optional<ResourceDescriptor> ownResource(String resourceId) {
        return catalog.live(node.region().code(), resourceId).await().atMost(CATALOG_WAIT).flatMap(entry -> {
            try {
                return Optional.ofNullable(ResourceJson.read(JSON.readTree(entry.descriptorJson()), resourceId).descriptor());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    Outcome evaluate(ExchangeRecord record, RequestBody request) {
        Optional<ResourceDescriptor> resource = ownResource(record.resourceId());
        if (resource.isEmpty()) {
            return new Outcome(null, "resource " + record.resourceId() + " is not registered at " + node.region());
        }
        StandingMode mode = request.getStanding().getMode();
        if (resource.get().isService() && mode != StandingMode.SERVICE) {
            return new Outcome(null, "resource " + record.resourceId() + " is a data service: it is called under a standing"
                    + " service grant (standing.mode service), not delivered whole");
        }
        if (!resource.get().isService() && mode == StandingMode.SERVICE) {
            return new Outcome(null, "resource " + record.resourceId() + " is a dataset, not a data service: ask for a"
                    + " delivery or a subscription");
        }
        Optional<PolicyEngine> engine = policies.engine();
        if (engine.isEmpty()) {
            return new Outcome(null, "no policy is in force at " + node.region() + " yet");
        }
        PolicyResource policyResource = PolicyResource.of(resource.get(), node.region());
        Set<String> known = policyResource.fields().stream().map(f -> f.name()).collect(Collectors.toSet());
        List<String> unknown = request.getFieldsList().stream().filter(f -> !known.contains(f)).toList();
        if (!unknown.isEmpty()) {
            return new Outcome(null, "resource " + record.resourceId() + " has no field " + String.join(", ", unknown));
        }
        DataLevel clearance;
        try {
            clearance = DataLevel.fromWire(request.getClearance());
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "request names clearance '" + request.getClearance() + "', not a level");
        }
        TimeWindow window = request.getWindowEndMs() > 0
                ? new TimeWindow(Instant.ofEpochMilli(request.getWindowStartMs()), Instant.ofEpochMilli(request.getWindowEndMs()))
                : null;
        Requester requester = new Requester(request.getConsumerDepartment(), record.consumer(), request.getConsumerRolesList(),
                clearance);
        AccessRequest access = new AccessRequest(request.getPurpose(), request.getFieldsList(), request.getLegalBasis(),
                request.getRowLimit(), window);
        return new Outcome(engine.get().decide(access, policyResource,
                DecisionContext.of(requester, policyResource, node.clock().instant())), null);
    }
}
