package dev.cascade.node.catalog.dcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cascade.node.catalog.search.CatalogHit;
import dev.cascade.node.catalog.search.CatalogRecord;
import dev.cascade.protocol.region.RegionCode;

class DcatMapperTest {

    private static final URI API = URI.create("https://node.example/");
    private static final URI PAGE = URI.create("https://node.example/api/v1/catalog.jsonld?limit=2");
    private static final URI NEXT = URI.create("https://node.example/api/v1/catalog.jsonld?limit=2&cursor=AQ");

    private final DcatMapper dcat = new DcatMapper();
    private final ObjectMapper json = new ObjectMapper();

    private static final String FULL_DESCRIPTOR = """
            {"id": "estate-reg", "title": "不动产登记", "abstract": "不动产登记簿数据", "category": "自然资源",
             "format": "csv", "dataItems": [{"name": "parcel", "type": "string", "description": "宗地号",
             "sensitiveType": "none", "level": "L2"}], "level": "L2", "sharingType": "conditional",
             "sharingCondition": "用于行政审批", "openType": "not_open", "updateCycle": "monthly",
             "publishDate": "2025-11-03", "scope": "province", "source": "市规划和自然资源局"}
            """;

    @Test
    void aPageIsADcatCatalogThatParsesAsJsonLdWithPrefixesInItsContext() throws Exception {
        JsonNode doc = roundTrip(dcat.catalog(RegionCode.parse("440000"),
                List.of(record("440100", "estate-reg", FULL_DESCRIPTOR), record("440300", "roads", "{}")), API, PAGE,
                Optional.of(NEXT)));

        assertThat(doc.get("@type").asText()).isEqualTo("dcat:Catalog");
        assertThat(doc.get("@id").asText()).isEqualTo("urn:cascade:catalog:440000");
        JsonNode context = doc.get("@context");
        assertThat(context.get("dcat").asText()).isEqualTo("http://www.w3.org/ns/dcat#");
        assertThat(context.get("dct").asText()).isEqualTo("http://purl.org/dc/terms/");
        assertThat(context.get("foaf").asText()).isEqualTo("http://xmlns.com/foaf/0.1/");
        assertThat(context.get("xsd").asText()).isEqualTo("http://www.w3.org/2001/XMLSchema#");
        assertThat(context.get("hydra").asText()).isEqualTo("http://www.w3.org/ns/hydra/core#");
        assertThat(doc.get("dcat:dataset")).extracting(d -> d.get("@id").asText())
                .containsExactly("urn:cascade:resource:440100:estate-reg", "urn:cascade:resource:440300:roads");
        assertThat(doc.get("dcat:dataset")).allSatisfy(d -> assertThat(d.get("@type").asText()).isEqualTo("dcat:Dataset"));
    }

    @Test
    void theNextPageIsAHydraNextLinkAbsentOnTheLastPage() throws Exception {
        JsonNode paged = roundTrip(dcat.catalog(RegionCode.NATIONAL, List.of(), API, PAGE, Optional.of(NEXT)));
        JsonNode last = roundTrip(dcat.catalog(RegionCode.NATIONAL, List.of(), API, PAGE, Optional.empty()));

        assertThat(paged.at("/hydra:view/@type").asText()).isEqualTo("hydra:PartialCollectionView");
        assertThat(paged.at("/hydra:view/@id").asText()).isEqualTo(PAGE.toString());
        assertThat(paged.at("/hydra:view/hydra:next/@id").asText()).isEqualTo(NEXT.toString());
        assertThat(last.at("/hydra:view/hydra:next").isMissingNode()).isTrue();
        assertThat(last.get("dcat:dataset").isArray()).isTrue();
        assertThat(last.get("dcat:dataset")).isEmpty();
    }

    @Test
    void aDatasetCarriesTheRowAndTheDescriptorInDcatApTerms() throws Exception {
        JsonNode d = roundTrip(dcat.dataset(record("440100", "estate-reg", FULL_DESCRIPTOR), API));

        assertThat(d.get("dct:identifier").asText()).isEqualTo("estate-reg");
        assertThat(d.get("dct:title").asText()).isEqualTo("不动产登记");
        assertThat(d.get("dct:description").asText()).isEqualTo("不动产登记簿数据");
        assertThat(d.at("/dct:publisher/@type").asText()).isEqualTo("foaf:Agent");
        assertThat(d.at("/dct:publisher/@id").asText()).isEqualTo("urn:cascade:department:440100:gz-land");
        assertThat(d.at("/dct:publisher/foaf:name").asText()).isEqualTo("gz-land");
        assertThat(d.at("/dct:publisher/dct:spatial/dct:identifier").asText()).isEqualTo("440100");
        assertThat(d.at("/dct:issued/@value").asText()).isEqualTo("2025-11-03");
        assertThat(d.at("/dct:issued/@type").asText()).isEqualTo("xsd:date");
        assertThat(d.at("/dct:modified/@value").asText()).isEqualTo("2026-03-01T08:00:00.123456Z");
        assertThat(d.at("/dct:modified/@type").asText()).isEqualTo("xsd:dateTime");
        assertThat(d.at("/dct:accrualPeriodicity/@id").asText())
                .isEqualTo("http://publications.europa.eu/resource/authority/frequency/MONTHLY");
        assertThat(d.at("/dct:accrualPeriodicity/@type").asText()).isEqualTo("dct:Frequency");
        assertThat(d.at("/dct:spatial/@id").asText()).isEqualTo("urn:cascade:region:440100");
        assertThat(d.at("/dct:spatial/dct:identifier").asText()).isEqualTo("440100");
        assertThat(d.at("/dct:accessRights/@id").asText())
                .isEqualTo("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC");
        assertThat(d.at("/dct:accessRights/@type").asText()).isEqualTo("dct:RightsStatement");
        assertThat(d.get("dcat:keyword")).extracting(JsonNode::asText).containsExactly("自然资源");
        // DCAT-AP 3 replaced owl:versionInfo with dcat:version.
        assertThat(d.get("dcat:version").asText()).isEqualTo("3");
        assertThat(d.has("owl:versionInfo")).isFalse();
        assertThat(d.get("dcat:distribution")).singleElement().satisfies(dist -> {
            assertThat(dist.get("@type").asText()).isEqualTo("dcat:Distribution");
            assertThat(dist.get("@id").asText()).isEqualTo("urn:cascade:resource:440100:estate-reg:distribution");
            assertThat(dist.at("/dcat:accessURL/@id").asText())
                    .isEqualTo("https://node.example/api/v1/catalog/440100/estate-reg");
            assertThat(dist.at("/dct:format/@id").asText())
                    .isEqualTo("http://publications.europa.eu/resource/authority/file-type/CSV");
            assertThat(dist.at("/dct:format/@type").asText()).isEqualTo("dct:MediaTypeOrExtent");
            assertThat(dist.has("dct:conformsTo")).isFalse();
            assertThat(dist.get("dct:description").asText()).startsWith("Declared format: csv.");
        });
    }

    @Test
    void jsonLinesIsJsonConformingToTheJsonLinesStandardAndApisAndTablesNameNoFileFormat() throws Exception {
        JsonNode jsonl = distribution(FULL_DESCRIPTOR.replace("\"csv\"", "\"jsonl\""));
        assertThat(jsonl.at("/dct:format/@id").asText()).isEqualTo("http://publications.europa.eu/resource/authority/file-type/JSON");
        assertThat(jsonl.at("/dct:conformsTo/@id").asText()).isEqualTo("https://jsonlines.org/");
        assertThat(jsonl.at("/dct:conformsTo/@type").asText()).isEqualTo("dct:Standard");

        for (String format : List.of("api", "table", "TABLE", "parquet")) {
            JsonNode other = distribution(FULL_DESCRIPTOR.replace("\"csv\"", "\"" + format + "\""));
            assertThat(other.has("dct:format")).as(format).isFalse();
            assertThat(other.has("dct:conformsTo")).isFalse();
            assertThat(other.at("/dcat:accessURL/@id").asText()).isEqualTo("https://node.example/api/v1/catalog/440100/estate-reg");
            assertThat(other.get("dct:description").asText()).startsWith("Declared format: " + format.toLowerCase(Locale.ROOT) + ".");
        }
    }

    @Test
    void theAccessUrlIsTheResourceDetailUnderTheNodesBaseWithItsSegmentsEncoded() {
        assertThat(DcatMapper.detail(URI.create("https://gz.example:8443/cascade/"), "440100", "3.01.001.002-000017"))
                .hasToString("https://gz.example:8443/cascade/api/v1/catalog/440100/3.01.001.002-000017");
        assertThat(DcatMapper.detail(API, "440100", "a/b c")).hasToString("https://node.example/api/v1/catalog/440100/a%2Fb%20c");
    }

    private static final String SERVICE_DESCRIPTOR = """
            {"id": "id-check", "title": "身份核验", "abstract": "按身份证号核验姓名", "category": "公安",
             "format": "api", "dataItems": [{"name": "name", "type": "string", "description": "姓名", "level": "L2"}],
             "level": "L2", "sharingType": "conditional", "sharingCondition": "用于政务服务", "openType": "not_open",
             "updateCycle": "realtime", "publishDate": "2025-11-03", "scope": "province", "source": "service",
             "service": {"parameters": [{"name": "id_no", "title": "身份证号", "required": true,
             "pattern": "^[0-9]{17}[0-9X]$"}]}}
            """;

    @Test
    void aDataServiceIsListedUnderDcatServiceWithTheCallApiAsItsEndpoint() throws Exception {
        JsonNode doc = roundTrip(dcat.catalog(RegionCode.parse("440000"),
                List.of(record("440100", "estate-reg", FULL_DESCRIPTOR), record("440100", "id-check", SERVICE_DESCRIPTOR)),
                API, PAGE, Optional.empty()));

        assertThat(doc.get("dcat:dataset")).extracting(d -> d.get("@id").asText())
                .containsExactly("urn:cascade:resource:440100:estate-reg");
        assertThat(doc.get("dcat:service")).singleElement().satisfies(s -> {
            assertThat(s.get("@id").asText()).isEqualTo("urn:cascade:resource:440100:id-check");
            assertThat(s.get("@type").asText()).isEqualTo("dcat:DataService");
            assertThat(s.get("dct:title").asText()).isEqualTo("不动产登记");
            assertThat(s.at("/dcat:endpointURL/@id").asText()).isEqualTo("https://node.example/api/v1/calls");
            assertThat(s.at("/dcat:endpointDescription/@id").asText())
                    .isEqualTo("https://node.example/api/v1/catalog/440100/id-check");
            assertThat(s.at("/dct:accessRights/@id").asText()).endsWith("/access-right/NON_PUBLIC");
            assertThat(s.at("/dct:accessRights/@type").asText()).isEqualTo("dct:RightsStatement");
            assertThat(s.at("/dct:publisher/@type").asText()).isEqualTo("foaf:Agent");
            // Called, never delivered: no distribution, no update cycle, no dataset behind it.
            assertThat(s.has("dcat:distribution")).isFalse();
            assertThat(s.has("dct:accrualPeriodicity")).isFalse();
            assertThat(s.has("dcat:servesDataset")).isFalse();
        });
        JsonNode datasetsOnly = roundTrip(dcat.catalog(RegionCode.NATIONAL, List.of(record("440100", "estate-reg", FULL_DESCRIPTOR)),
                API, PAGE, Optional.empty()));
        assertThat(datasetsOnly.get("dcat:service")).isEmpty();
    }

    @Test
    void accessRightsFollowTheOpenTypeAndNeverClaimMoreThanDeclared() {
        assertThat(DcatMapper.accessRights(Optional.of("open"))).endsWith("/access-right/PUBLIC");
        assertThat(DcatMapper.accessRights(Optional.of("conditional"))).endsWith("/access-right/RESTRICTED");
        assertThat(DcatMapper.accessRights(Optional.of("not_open"))).endsWith("/access-right/NON_PUBLIC");
        assertThat(DcatMapper.accessRights(Optional.of("无条件开放"))).endsWith("/access-right/PUBLIC");
        // Unconditional *sharing* is among government departments; without an openType it is not public.
        assertThat(DcatMapper.accessRights(Optional.empty())).endsWith("/access-right/NON_PUBLIC");
        assertThat(DcatMapper.accessRights(Optional.of("whatever"))).endsWith("/access-right/NON_PUBLIC");
    }

    @Test
    void updateCyclesMapToTheEuFrequencyVocabulary() {
        String eu = "http://publications.europa.eu/resource/authority/frequency/";
        assertThat(DcatMapper.frequency("realtime")).contains(eu + "CONT");
        assertThat(DcatMapper.frequency("daily")).contains(eu + "DAILY");
        assertThat(DcatMapper.frequency("Weekly")).contains(eu + "WEEKLY");
        assertThat(DcatMapper.frequency("monthly")).contains(eu + "MONTHLY");
        assertThat(DcatMapper.frequency("quarterly")).contains(eu + "QUARTERLY");
        assertThat(DcatMapper.frequency("yearly")).contains(eu + "ANNUAL");
        assertThat(DcatMapper.frequency("annual")).contains(eu + "ANNUAL");
        assertThat(DcatMapper.frequency("irregular")).contains(eu + "IRREG");
        assertThat(DcatMapper.frequency("实时")).contains(eu + "CONT");
        assertThat(DcatMapper.frequency("每季度")).contains(eu + "QUARTERLY");
        assertThat(DcatMapper.frequency("fortnightly-ish")).isEmpty();
    }

    @Test
    void missingOrMalformedDescriptorsOnlyLeaveOutWhatOnlyTheyKnow() throws Exception {
        for (String descriptor : List.of("{}", "not json", "[1,2]", "",
                "{\"publishDate\": \"3 November\", \"updateCycle\": 7, \"format\": \"\"}")) {
            JsonNode d = roundTrip(dcat.dataset(record("440100", "estate-reg", descriptor), API));

            assertThat(d.get("@id").asText()).as(descriptor).isEqualTo("urn:cascade:resource:440100:estate-reg");
            assertThat(d.get("dct:title").asText()).isEqualTo("不动产登记");
            assertThat(d.has("dct:issued")).isFalse();
            assertThat(d.has("dct:accrualPeriodicity")).isFalse();
            assertThat(d.has("dcat:distribution")).isFalse();
            assertThat(d.at("/dct:accessRights/@id").asText()).endsWith("/NON_PUBLIC");
        }
    }

    @Test
    void identifiersThatWouldBreakAUrnArePercentEncoded() {
        assertThat(DcatMapper.resourceIri("440100", "a:b/c d")).isEqualTo("urn:cascade:resource:440100:a%3Ab%2Fc%20d");
        assertThat(DcatMapper.resourceIri("440100", "证照")).isEqualTo("urn:cascade:resource:440100:%E8%AF%81%E7%85%A7");
        assertThat(DcatMapper.resourceIri("440100", "res-1_v.2~x")).isEqualTo("urn:cascade:resource:440100:res-1_v.2~x");
    }

    private JsonNode distribution(String descriptor) throws Exception {
        return roundTrip(dcat.dataset(record("440100", "estate-reg", descriptor), API)).get("dcat:distribution").get(0);
    }

    /** Serializes and parses back, as a client would receive it. */
    private JsonNode roundTrip(JsonNode node) throws Exception {
        return json.readTree(json.writeValueAsString(node));
    }

    private static CatalogRecord record(String origin, String id, String descriptor) {
        return new CatalogRecord(new CatalogHit(origin, id, 3, "不动产登记", "不动产登记簿数据", "gz-land", "自然资源", "L2",
                "conditional", "province", Instant.parse("2026-03-01T08:00:00.123456Z")), descriptor);
    }
}
