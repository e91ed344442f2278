package dev.cascade.node.classify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
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
import dev.cascade.policy.detect.SampleEncoding;
import dev.cascade.policy.detect.SampleFormatException;
import dev.cascade.policy.detect.SampleTable;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /api/v1/classify}: a provider department sends a sample of the data it is about to
 * register (the body, at most the node's REST body limit) and gets, per column, the sensitive type,
 * level and confidence {@code cascade-node classify} would print for the same file. Nothing is
 * stored and nothing is recorded: the sample may hold personal data, and a suggestion is not a
 * decision (the registration that follows is).
 */
@Path("/api/v1/classify")
@RolesAllowed(DepartmentRole.Names.PROVIDER)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Resources")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the provider role", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "413", description = "The sample exceeds the REST body limit", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "415", description = "Neither CSV nor JSON Lines", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class ClassifyResource {

    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";
    static final int MAX_ROWS = 100_000;

    @Inject
    CallerDepartment caller;

    @POST
    @Consumes({CSV, NDJSON})
    @Operation(summary = "Suggest, per column of a sample, the sensitive-data type and level with confidence",
            description = "CSV needs a header row; JSON Lines columns are the member names. Same classifier and answer as"
                    + " `cascade-node classify --json`, without the file name. Nothing is stored.")
    @APIResponse(responseCode = "200", description = "One suggestion per column",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClassifiedSample.class)))
    @APIResponse(responseCode = "400", description = "Empty or malformed sample (the detail names the line), or a bad"
            + " encoding or rows parameter", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public ClassifiedSample classify(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "CSV only: auto (UTF-8 unless it does not decode, then GBK), utf-8 or gbk")
            @QueryParam("encoding") @DefaultValue("auto") String encoding,
            @Parameter(description = "data rows to examine, 1 to " + MAX_ROWS)
            @QueryParam("rows") @DefaultValue("" + ClassifiedSample.DEFAULT_ROWS) int rows,
            byte[] sample) {
        caller.admitOnWorker();
        if (rows < 1 || rows > MAX_ROWS) {
            throw ProblemException.badRequest("rows must be between 1 and " + MAX_ROWS + ", not " + rows);
        }
        if (sample == null || sample.length == 0) {
            throw ProblemException.badRequest("the body is empty: send the sample itself");
        }
        try {
            return ClassifiedSample.of(read(contentType, encoding, rows, sample));
        } catch (SampleFormatException e) {
            throw ProblemException.badRequest("the sample is not readable: " + e.getMessage());
        }
    }

    private static SampleTable read(String contentType, String encoding, int rows, byte[] sample)
            throws SampleFormatException {
        if (isJsonLines(contentType)) {
            return JsonLinesSample.read(sample, rows);
        }
        SampleEncoding chosen;
        try {
            chosen = SampleEncoding.fromToken(encoding);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        try {
            return SampleTable.read(new ByteArrayInputStream(sample), chosen, rows);
        } catch (SampleFormatException e) {
            throw e;
        } catch (IOException e) {
            // Only the reader's own format failures can come from an in-memory stream.
            throw new IllegalStateException(e);
        }
    }

    private static boolean isJsonLines(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().toLowerCase(Locale.ROOT).equals(NDJSON);
    }
}
