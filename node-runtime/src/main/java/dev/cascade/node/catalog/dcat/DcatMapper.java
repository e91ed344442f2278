package dev.cascade.node.catalog.dcat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.catalog.search.CatalogHit;
import dev.cascade.node.catalog.search.CatalogRecord;
import dev.cascade.protocol.region.RegionCode;

/**
 * Describes catalog records in DCAT-AP 3.0.0 as JSON-LD (compacted with the prefixes of {@link #context()}),
 * so a harvester such as a national open-data portal can read a node's catalog without knowing
 * Cascade. The output conforms to SEMIC's DCAT-AP 3.0.0 SHACL shapes ({@code shapes.ttl}, {@code range.ttl};
 * {@code DcatConformanceTest} validates the real export; decision 0026).
 *
 * <p>Choices that DCAT-AP leaves to us:
 * <ul>
 * <li>{@code dct:accessRights} comes from the descriptor's {@code openType}, not its sharing type:
 * sharing (unconditional or conditional) is between government departments, which to the public is
 * still not open. {@code open} → PUBLIC, {@code conditional} → RESTRICTED, {@code not_open} → NON_PUBLIC,
 * and a missing or unknown openType → NON_PUBLIC, because an export must never claim more openness
 * than the provider declared.</li>
 * <li>Every controlled-vocabulary IRI carries its DCAT-AP range class ({@code dct:RightsStatement},
 * {@code dct:Frequency}, {@code dct:MediaTypeOrExtent}, {@code dct:Standard}): a validator that has not
 * loaded the EU vocabularies can only see a class stated in the data.</li>
 * <li>The category is a {@code dcat:keyword} literal: {@code dcat:theme} must name a {@code skos:Concept}
 * of a controlled vocabulary, and the national category list has no published concept IRIs.</li>
 * <li>One {@code dcat:Distribution} per resource, because the only way to obtain a resource is to request it.
 * Its mandatory {@code dcat:accessURL} is the resource's REST detail at the exporting node,
 * {@code GET /api/v1/catalog/{origin}/{id}}: it is specific to the resource, answers a plain GET, and
 * tells a consumer what it needs to file the request (data items, sharing condition, version). The
 * exchange endpoint itself ({@code /api/v1/exchanges}) is the same for every resource and takes a POST,
 * so it does not say where <em>this</em> distribution is.</li>
 * <li>{@code dct:format} names the declared format in the EU file-type table where it is a file format:
 * {@code csv} → CSV; {@code jsonl} → JSON plus {@code dct:conformsTo <https://jsonlines.org/>}, because
 * JSON Lines has no IANA media type ({@code application/jsonl} is unregistered) and no file-type entry we
 * know of, JSON is the nearest broader term, and the standard pins the one-object-per-line framing
 * ({@code JSON_LD} would be wrong: the lines are not linked data). {@code api} and {@code table} name no
 * file (a provider's HTTP API, a database table) and get no {@code dct:format}: inventing an IRI or
 * claiming CSV would mislead a harvester. The distribution's description states the declared format
 * for every resource, and that granted rows come as CSV or JSON Lines.</li>
 * <li>A data service resource (source {@code service}, 数据接口) is a {@code dcat:DataService} listed under
 * {@code dcat:service}, not a dataset: it is called per query, never delivered. Its {@code dcat:endpointURL}
 * is the root of the node's call API ({@code /api/v1/calls}; a consumer calls {@code POST /api/v1/calls/{grant}}
 * with its own standing grant, which no catalog can name), and its
 * {@code dcat:endpointDescription} is the resource's REST detail, which lists the query parameters and the
 * data items of the answer. It names no {@code dcat:servesDataset}: no dataset of the catalog stands
 * behind it, and the endpoint that does is the owner's node-local configuration.</li>
 * <li>The catalog version is {@code dcat:version}; DCAT-AP 3 deprecates {@code owl:versionInfo}.</li>
 * <li>Regions, departments and resources get {@code urn:cascade:} identifiers; GB/T 2260 has no
 * published IRIs.</li>
 * <li>Paging follows Hydra, as DCAT-AP harvesters such as data.europa.eu's do: the catalog carries a
 * {@code hydra:view} ({@code hydra:PartialCollectionView}) whose {@code hydra:next} is the IRI of the
 * following page, absent on the last one.</li>
 * </ul>
 * Fields come from the catalog row where the row has them (title, abstract, department, category,
 * dates); the rest from the descriptor, read leniently: a missing or malformed key only leaves its
 * property out.
 */
public final class DcatMapper {

    public static final String MEDIA_TYPE = "application/ld+json";

    static final String FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/";
    static final String ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/";
    static final String FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/";
    static final String JSON_LINES = "https://jsonlines.org/";
    /** Where a consumer holding a service grant calls a data service, relative to the node's base URI. */
    static final String CALLS = "api/v1/calls";

    private static final Map<String, String> PREFIXES = Map.of(
            "dcat", "http://www.w3.org/ns/dcat#",
            "dct", "http://purl.org/dc/terms/",
            "foaf", "http://xmlns.com/foaf/0.1/",
            "xsd", "http://www.w3.org/2001/XMLSchema#",
            "hydra", "http://www.w3.org/ns/hydra/core#");

    // Update cycles as providers write them (English tokens or the Chinese terms of the national
    // catalog guidelines), to the EU frequency authority table.
    private static final Map<String, String> FREQUENCIES = Map.ofEntries(
            Map.entry("realtime", "CONT"), Map.entry("real_time", "CONT"), Map.entry("continuous", "CONT"),
            Map.entry("实时", "CONT"),
            Map.entry("daily", "DAILY"), Map.entry("每日", "DAILY"), Map.entry("每天", "DAILY"),
            Map.entry("weekly", "WEEKLY"), Map.entry("每周", "WEEKLY"),
            Map.entry("monthly", "MONTHLY"), Map.entry("每月", "MONTHLY"),
            Map.entry("quarterly", "QUARTERLY"), Map.entry("每季度", "QUARTERLY"),
            Map.entry("semiannual", "ANNUAL_2"), Map.entry("half_yearly", "ANNUAL_2"), Map.entry("每半年", "ANNUAL_2"),
            Map.entry("annual", "ANNUAL"), Map.entry("annually", "ANNUAL"), Map.entry("yearly", "ANNUAL"),
            Map.entry("每年", "ANNUAL"),
            Map.entry("irregular", "IRREG"), Map.entry("不定期", "IRREG"));

    private static final Map<String, String> ACCESS_RIGHTS = Map.of(
            "open", "PUBLIC", "无条件开放", "PUBLIC",
            "conditional", "RESTRICTED", "有条件开放", "RESTRICTED",
            "not_open", "NON_PUBLIC", "不予开放", "NON_PUBLIC");

    private final ObjectMapper json = new ObjectMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /**
     * One page of the catalog of the node serving {@code node}.
     *
     * @param api  the node's base URI as the caller reached it: distributions and services link to the node's
     *             REST endpoints under it
     * @param page the IRI of this page
     * @param next the IRI of the following page, if there is one
     */
    public ObjectNode catalog(RegionCode node, List<CatalogRecord> records, URI api, URI page, Optional<URI> next) {
        ObjectNode catalog = nodes.objectNode();
        catalog.set("@context", context());
        catalog.put("@id", "urn:cascade:catalog:" + node.code());
        catalog.put("@type", "dcat:Catalog");
        catalog.put("dct:title", "Cascade catalog at node " + node.code());
        catalog.put("dct:description", "Data resources visible at the Cascade node of region " + node.code()
                + ": its own and those its tier links share with it.");
        ObjectNode publisher = catalog.putObject("dct:publisher");
        publisher.put("@id", "urn:cascade:node:" + node.code());
        publisher.put("@type", "foaf:Agent");
        publisher.put("foaf:name", "Cascade node " + node.code());
        catalog.set("dct:spatial", location(node.code()));
        ArrayNode datasets = catalog.putArray("dcat:dataset");
        ArrayNode services = catalog.putArray("dcat:service");
        for (CatalogRecord record : records) {
            JsonNode descriptor = descriptor(record.descriptor());
            if (isService(descriptor)) {
                services.add(service(record.hit(), descriptor, api));
            } else {
                datasets.add(dataset(record.hit(), descriptor, api));
            }
        }
        ObjectNode view = catalog.putObject("hydra:view");
        view.put("@id", page.toString());
        view.put("@type", "hydra:PartialCollectionView");
        next.ifPresent(n -> view.putObject("hydra:next").put("@id", n.toString()));
        return catalog;
    }

    /** The {@code @context}: only prefixes, so every property reads as its compact IRI. */
    public ObjectNode context() {
        ObjectNode context = nodes.objectNode();
        PREFIXES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(p -> context.put(p.getKey(), p.getValue()));
        return context;
    }

    /** One resource as a {@code dcat:Dataset}; {@code api} as for {@link #catalog}. */
    public ObjectNode dataset(CatalogRecord record, URI api) {
        return dataset(record.hit(), descriptor(record.descriptor()), api);
    }

    /** One data service resource (source {@code service}) as a {@code dcat:DataService}; {@code api} as for {@link #catalog}. */
    public ObjectNode service(CatalogRecord record, URI api) {
        return service(record.hit(), descriptor(record.descriptor()), api);
    }

    private ObjectNode dataset(CatalogHit hit, JsonNode descriptor, URI api) {
        ObjectNode dataset = described(hit, descriptor, "dcat:Dataset");
        text(descriptor, "updateCycle").flatMap(DcatMapper::frequency)
                .ifPresent(f -> dataset.set("dct:accrualPeriodicity", term(f, "dct:Frequency")));
        dataset.set("dct:spatial", location(hit.origin()));
        text(descriptor, "format").ifPresent(format -> dataset.putArray("dcat:distribution")
                .add(distribution(resourceIri(hit.origin(), hit.id()), format, detail(api, hit.origin(), hit.id()))));
        return dataset;
    }

    /**
     * A data service is called, not delivered: its endpoint is the node's call API, where a consumer
     * holding a service grant calls it, and its description is the resource's REST detail, which lists
     * the query parameters and the data items it answers with. It serves no separate dataset, so it
     * names none ({@code dcat:servesDataset}).
     */
    private ObjectNode service(CatalogHit hit, JsonNode descriptor, URI api) {
        ObjectNode service = described(hit, descriptor, "dcat:DataService");
        service.set("dcat:endpointURL", reference(api.resolve(CALLS).toString()));
        service.set("dcat:endpointDescription", reference(detail(api, hit.origin(), hit.id()).toString()));
        return service;
    }

    /** What datasets and data services share: identity, text, publisher, dates, access rights, keyword, version. */
    private ObjectNode described(CatalogHit hit, JsonNode descriptor, String type) {
        ObjectNode resource = nodes.objectNode();
        resource.put("@id", resourceIri(hit.origin(), hit.id()));
        resource.put("@type", type);
        resource.put("dct:identifier", hit.id());
        resource.put("dct:title", hit.title());
        resource.put("dct:description", hit.summary());
        ObjectNode publisher = resource.putObject("dct:publisher");
        publisher.put("@id", "urn:cascade:department:" + hit.origin() + ":" + segment(hit.providerDept()));
        publisher.put("@type", "foaf:Agent");
        publisher.put("foaf:name", hit.providerDept());
        publisher.set("dct:spatial", location(hit.origin()));
        text(descriptor, "publishDate").flatMap(DcatMapper::date)
                .ifPresent(d -> resource.set("dct:issued", typed(d.toString(), "xsd:date")));
        resource.set("dct:modified", typed(hit.updatedAt().toString(), "xsd:dateTime"));
        resource.set("dct:accessRights", term(accessRights(text(descriptor, "openType")), "dct:RightsStatement"));
        resource.putArray("dcat:keyword").add(hit.category());
        resource.put("dcat:version", String.valueOf(hit.version()));
        return resource;
    }

    private static boolean isService(JsonNode descriptor) {
        return text(descriptor, "source").map(s -> s.equalsIgnoreCase("service")).orElse(false);
    }

    /**
     * The one way to obtain a resource: ask for it at its node. The access URL is the resource's REST
     * detail, and the format is the declared file format where it is one (see the class comment).
     */
    private ObjectNode distribution(String datasetIri, String declaredFormat, URI detail) {
        ObjectNode distribution = nodes.objectNode();
        distribution.put("@id", datasetIri + ":distribution");
        distribution.put("@type", "dcat:Distribution");
        distribution.set("dcat:accessURL", reference(detail.toString()));
        String format = declaredFormat.toLowerCase(Locale.ROOT);
        switch (format) {
            case "csv" -> distribution.set("dct:format", term(FILE_TYPE + "CSV", "dct:MediaTypeOrExtent"));
            case "jsonl" -> {
                distribution.set("dct:format", term(FILE_TYPE + "JSON", "dct:MediaTypeOrExtent"));
                distribution.set("dct:conformsTo", term(JSON_LINES, "dct:Standard"));
            }
            default -> {
                // api, table, or a token we do not know: no file format to name.
            }
        }
        distribution.put("dct:description", "Declared format: " + format + ". Requested through the exchange API of"
                + " the consumer's own Cascade node (POST /api/v1/exchanges); granted rows are downloaded as CSV or"
                + " JSON Lines.");
        return distribution;
    }

    /** The resource's REST detail at this node, {@code GET /api/v1/catalog/{origin}/{id}}. */
    static URI detail(URI api, String origin, String resourceId) {
        return api.resolve("api/v1/catalog/" + segment(origin) + "/" + segment(resourceId));
    }

    /** The EU frequency IRI for an update cycle, if it is one we recognise. */
    static Optional<String> frequency(String updateCycle) {
        String key = updateCycle.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Optional.ofNullable(FREQUENCIES.get(key)).map(code -> FREQUENCY + code);
    }

    /** The EU access-right IRI for an open type; see the class comment for why absent means NON_PUBLIC. */
    static String accessRights(Optional<String> openType) {
        String code = openType.map(t -> ACCESS_RIGHTS.get(t.strip().toLowerCase(Locale.ROOT))).orElse(null);
        return ACCESS_RIGHT + (code == null ? "NON_PUBLIC" : code);
    }

    static String resourceIri(String origin, String resourceId) {
        return "urn:cascade:resource:" + origin + ":" + segment(resourceId);
    }

    private JsonNode descriptor(String text) {
        if (text == null || text.isBlank()) {
            return nodes.objectNode();
        }
        try {
            JsonNode parsed = json.readTree(text);
            return parsed != null && parsed.isObject() ? parsed : nodes.objectNode();
        } catch (JsonProcessingException e) {
            // The row's own columns still describe the resource; only descriptor-only fields go missing.
            return nodes.objectNode();
        }
    }

    private static Optional<String> text(JsonNode descriptor, String key) {
        JsonNode value = descriptor.get(key);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText().strip())
                : Optional.empty();
    }

    private static Optional<LocalDate> date(String value) {
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private ObjectNode location(String regionCode) {
        ObjectNode location = nodes.objectNode();
        location.put("@id", "urn:cascade:region:" + regionCode);
        location.put("@type", "dct:Location");
        location.put("dct:identifier", regionCode);
        return location;
    }

    private ObjectNode typed(String value, String type) {
        ObjectNode literal = nodes.objectNode();
        literal.put("@value", value);
        literal.put("@type", type);
        return literal;
    }

    private ObjectNode reference(String iri) {
        ObjectNode reference = nodes.objectNode();
        reference.put("@id", iri);
        return reference;
    }

    /**
     * A controlled-vocabulary IRI with its DCAT-AP range class stated: a validator without the
     * vocabularies loaded (SEMIC's "no background knowledge" profiles) checks the class from the data alone.
     */
    private ObjectNode term(String iri, String type) {
        ObjectNode term = reference(iri);
        term.put("@type", type);
        return term;
    }

    /**
     * Percent-encodes everything outside RFC 3986's unreserved characters, so an identifier chosen
     * by a provider can neither break the URN nor add a ':' that shifts its segments.
     */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
