package dev.cascade.node.audit;

import dev.cascade.node.ledger.SignedHead;
import dev.cascade.node.ledger.AnchorBook;
import dev.cascade.node.ledger.Ledger;
import dev.cascade.node.ledger.LedgerExport;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.ledger.TreeHead;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;

/**
 * The auditor's view of the node's ledger: signed heads, entries with inclusion proofs,
 * consistency proofs between sizes, and exports for offline verification (docs/protocols/ledger.md).
 * Proofs are only given against sizes the node signed a head for, so every answer can be checked
 * against a signature.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.AUDITOR)
@Blocking
@Tag(name = "Audit")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the auditor role", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class AuditResource {

    private static final HexFormat HEX = HexFormat.of();
    static final int DEFAULT_LIST = 50;
    static final int MAX_LIST = 500;

    @Inject
    CallerDepartment caller;
    @Inject
    Ledger ledger;
    @Inject
    AnchorBook anchors;
    @Inject
    LedgerExport export;

    @GET
    @Path("/head")
    @Operation(summary = "The newest signed tree head, with the parent's receipt once anchored")
    @APIResponse(responseCode = "404", description = "No entry was sequenced yet", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> head() {
        caller.admitOnWorker();
        return view(latest());
    }

    @GET
    @Path("/entries")
    @Operation(summary = "A page of entries: from a position onwards (ascending), or without from the newest first",
            description = "Only entries covered by the newest signed head (treeSize) are listed, so each can be proven with"
                    + " /entries/{index}. subject: only entries about it (an exchange id, a resource id, a region, a department).")
    @APIResponse(responseCode = "200", description = "{treeSize, entries: [entry as in /entries/{index}]}")
    @APIResponse(responseCode = "400", description = "from negative, or limit outside 1 to " + MAX_LIST, content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> entries(@QueryParam("from") Long from,
            @Parameter(description = "entries to list, 1 to " + MAX_LIST) @QueryParam("limit") @DefaultValue("" + DEFAULT_LIST) int limit,
            @QueryParam("subject") String subject) {
        caller.admitOnWorker();
        if (limit < 1 || limit > MAX_LIST) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIST + ", not " + limit);
        }
        if (from != null && from < 0) {
            throw ProblemException.badRequest("from must be a position (0 or more), not " + from);
        }
        long size = ledger.latestStored().map(h -> h.head().size()).orElse(0L);
        Optional<String> about = Optional.ofNullable(subject).filter(s -> !s.isEmpty());
        List<LedgerEntry> page = from == null ? ledger.newestEntries(size, limit, about)
                : ledger.entriesFrom(from, size, limit, about);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("treeSize", size);
        out.put("entries", page.stream().map(e -> entryView(e, ledger.leafHash(e.index()))).toList());
        return out;
    }

    @GET
    @Path("/entries/{index}")
    @Operation(summary = "One entry with its audit path to a signed head (treeSize: a signed head's size, default the newest)")
    @APIResponse(responseCode = "404", description = "No such entry in that head", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> entry(@PathParam("index") long index, @QueryParam("treeSize") Long treeSize) {
        caller.admitOnWorker();
        SignedHead head = signedHeadOfSize(treeSize);
        if (index < 0 || index >= head.size()) {
            throw ProblemException.notFound("entry " + index + " is not in the signed head of " + head.size() + " entries");
        }
        LedgerEntry entry = ledger.entry(index)
                .orElseThrow(() -> ProblemException.notFound("entry " + index + " is missing from the ledger's table"));
        List<byte[]> path = ledger.read(tree -> tree.inclusionProof(index, head.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entry", entryView(entry, ledger.leafHash(index)));
        out.put("treeSize", head.size());
        out.put("inclusionProof", path.stream().map(HEX::formatHex).toList());
        out.put("head", view(head));
        return out;
    }

    @GET
    @Path("/consistency")
    @Operation(summary = "Consistency proof between two signed sizes (from ≤ to; to defaults to the newest head)")
    @APIResponse(responseCode = "400", description = "Sizes out of order or not signed", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> consistency(@QueryParam("from") Long from, @QueryParam("to") Long to) {
        caller.admitOnWorker();
        if (from == null) {
            throw ProblemException.badRequest("from (a tree size) is required");
        }
        SignedHead second = signedHeadOfSize(to);
        if (from < 0 || from > second.size()) {
            throw ProblemException.badRequest("from must be between 0 and " + second.size() + ", not " + from);
        }
        List<byte[]> proof = ledger.read(tree -> tree.consistencyProof(from, second.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", second.size());
        out.put("proof", proof.stream().map(HEX::formatHex).toList());
        ledger.headAtMost(from).filter(h -> h.size() == from).ifPresent(h -> out.put("fromHead", view(h)));
        out.put("toHead", view(second));
        return out;
    }

    @GET
    @Path("/export")
    @Produces("application/x-ndjson")
    @Operation(summary = "Entries [from, to) with the signed heads covering them, for `cascade-node audit verify` (docs/protocols/ledger.md §5)")
    @APIResponse(responseCode = "400", description = "from/to out of range or to not a signed size", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response export(@QueryParam("from") Long from, @QueryParam("to") Long to) {
        caller.admitOnWorker();
        SignedHead end = to == null ? latest() : ledger.headAtMost(to).filter(h -> h.size() == to)
                .orElseThrow(() -> ProblemException.badRequest("to must be the size of a signed head; the node signed none of "
                        + to + " entries"));
        long start = from == null ? 0 : from;
        if (start < 0 || start > end.size()) {
            throw ProblemException.badRequest("from must be between 0 and " + end.size() + ", not " + start);
        }
        StreamingOutput body = out -> export.write(start, end.size(), out);
        return Response.ok(body, "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"ledger-" + end.size() + ".jsonl\"").build();
    }

    @GET
    @Path("/anchors")
    @Operation(summary = "At a parent: the newest anchored head of each child and the last alert raised for it")
    public List<Map<String, Object>> anchors() {
        caller.admitOnWorker();
        return anchors.all();
    }

    private SignedHead latest() {
        // From the table, not the sequencer's memory: the stored head carries the parent's receipt.
        return ledger.latestStored().orElseThrow(() -> ProblemException.notFound("the ledger has no signed head yet"));
    }

    private SignedHead signedHeadOfSize(Long size) {
        if (size == null) {
            return latest();
        }
        return ledger.headAtMost(size).filter(h -> h.size() == size)
                .orElseThrow(() -> ProblemException.notFound("the node signed no head of size " + size));
    }

    static Map<String, Object> view(SignedHead signed) {
        TreeHead head = signed.head();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("treeSize", head.size());
        out.put("rootHash", HEX.formatHex(head.rootHash()));
        out.put("timestamp", Instant.ofEpochMilli(head.timestampMillis()).toString());
        out.put("hash", head.hash().name());
        out.put("encoded", Base64.getEncoder().encodeToString(head.encoded()));
        out.put("signature", Base64.getEncoder().encodeToString(signed.signature()));
        signed.anchor().ifPresent(a -> {
            Map<String, Object> anchor = new LinkedHashMap<>();
            anchor.put("parent", a.parent());
            anchor.put("anchoredAt", a.anchoredAt().toString());
            anchor.put("signature", Base64.getEncoder().encodeToString(a.signature()));
            out.put("anchor", anchor);
        });
        return out;
    }

    static Map<String, Object> entryView(LedgerEntry e, byte[] leafHash) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", e.index());
        out.put("occurredAt", e.occurredAtMillis());
        out.put("type", e.type());
        out.put("actor", e.actor());
        out.put("subject", e.subject());
        out.put("detail", e.detail());
        out.put("digest", HEX.formatHex(e.digest()));
        out.put("leafHash", HEX.formatHex(leafHash));
        return out;
    }
}
