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
 * Describes catalog records in DCAT-AP as JSON-LD (compacted with the prefixes of {@link #context()}),
 * so a harvester such as a national open-data portal can read a node's catalog without knowing
 * Cascade.
 *
 * <p>Choices that DCAT-AP leaves to us:
 * <ul>
 * <li>{@code dct:accessRights} comes from the descriptor's {@code openType}, not its sharing type:
 * sharing (unconditional or conditional) is between government departments, which to the public is
 * still not open. {@code open} → PUBLIC, {@code conditional} → RESTRICTED, {@code not_open} → NON_PUBLIC,
 * and a missing or unknown openType → NON_PUBLIC, because an export must never claim more openness
 * than the provider declared.</li>
 * <li>The category is a {@code dcat:keyword} literal: {@code dcat:theme} must name a {@code skos:Concept}
 * of a controlled vocabulary, and the national category list has no published concept IRIs.</li>
 * <li>{@code dct:format} is the descriptor's format as a literal ({@code csv}, {@code jsonl}, {@code api},
 * {@code table}): two of those have no entry in the EU file-type authority table.</li>
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

    private static final Map<String, String> PREFIXES = Map.of(
            "dcat", "http://www.w3.org/ns/dcat#",
            "dct", "http://purl.org/dc/terms/",
            "foaf", "http://xmlns.com/foaf/0.1/",
            "xsd", "http://www.w3.org/2001/XMLSchema#",
            "owl", "http://www.w3.org/2002/07/owl#",
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
     * @param page the IRI of this page
     * @param next the IRI of the following page, if there is one
     */
    public ObjectNode catalog(RegionCode node, List<CatalogRecord> records, URI page, Optional<URI> next) {
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
        records.forEach(r -> datasets.add(dataset(r)));
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

    /** One resource as a {@code dcat:Dataset}. */
    public ObjectNode dataset(CatalogRecord record) {
        CatalogHit hit = record.hit();
        JsonNode descriptor = descriptor(record.descriptor());
        String id = resourceIri(hit.origin(), hit.id());
        ObjectNode dataset = nodes.objectNode();
        dataset.put("@id", id);
        dataset.put("@type", "dcat:Dataset");
        dataset.put("dct:identifier", hit.id());
        dataset.put("dct:title", hit.title());
        dataset.put("dct:description", hit.summary());
        ObjectNode publisher = dataset.putObject("dct:publisher");
        publisher.put("@id", "urn:cascade:department:" + hit.origin() + ":" + segment(hit.providerDept()));
        publisher.put("@type", "foaf:Agent");
        publisher.put("foaf:name", hit.providerDept());
        publisher.set("dct:spatial", location(hit.origin()));
        text(descriptor, "publishDate").flatMap(DcatMapper::date)
                .ifPresent(d -> dataset.set("dct:issued", typed(d.toString(), "xsd:date")));
        dataset.set("dct:modified", typed(hit.updatedAt().toString(), "xsd:dateTime"));
        text(descriptor, "updateCycle").flatMap(DcatMapper::frequency)
                .ifPresent(f -> dataset.set("dct:accrualPeriodicity", reference(f)));
        dataset.set("dct:spatial", location(hit.origin()));
        dataset.set("dct:accessRights", reference(accessRights(text(descriptor, "openType"))));
        dataset.putArray("dcat:keyword").add(hit.category());
        dataset.put("owl:versionInfo", String.valueOf(hit.version()));
        text(descriptor, "format").ifPresent(format -> {
            ObjectNode distribution = dataset.putArray("dcat:distribution").addObject();
            distribution.put("@id", id + ":distribution");
            distribution.put("@type", "dcat:Distribution");
            distribution.put("dct:format", format);
        });
        return dataset;
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
