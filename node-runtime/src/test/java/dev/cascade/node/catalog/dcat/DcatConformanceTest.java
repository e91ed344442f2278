package dev.cascade.node.catalog.dcat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jena.graph.Graph;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.lib.ShLib;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The catalog export as a harvester receives it, checked with a standard SHACL validator (Apache
 * Jena) against SEMIC's DCAT-AP 3.0.0 shapes, vendored unchanged in {@code dcat-ap-3.0.0/} (its
 * README says which files and why). The resources go in through the REST API, one of every format
 * and source kind and a data service, so the test sees what the registration path actually stores.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class DcatConformanceTest {

    private static final String DCAT = "http://www.w3.org/ns/dcat#";
    private static final List<String> SHAPE_FILES = List.of("shapes.ttl", "range.ttl", "deprecateduris.ttl");
    private static final AtomicInteger SERIAL = new AtomicInteger((int) (System.nanoTime() % 500_000));

    @Test
    void anExportWithEveryFormatAndSourceAndADataServiceConformsToDcatAp3() {
        NodeTokens tokens = NodeTokens.ofRunningNode();
        String dept = department(tokens);
        String provider = tokens.department(dept, "provider");
        register(provider, "csv", "upload", "open", "realtime", "");
        register(provider, "jsonl", "upload", "conditional", "monthly", "");
        register(provider, "api", "http", "not_open", "yearly", "");
        register(provider, "table", "postgres", "conditional", "irregular", "");
        register(provider, "api", "service", "conditional", "realtime", """
                ,"service":{"parameters":[{"name":"id_no","title":"身份证号","required":true,"pattern":"^[0-9]{17}[0-9X]$"}]}""");

        Model export = export(tokens.department(dept, "consumer"), dept);
        assertThat(ofType(export, "Dataset")).hasSize(4);
        assertThat(ofType(export, "Distribution")).hasSize(4);
        assertThat(ofType(export, "DataService")).singleElement().satisfies(service -> {
            assertThat(export.listSubjectsWithProperty(export.createProperty(DCAT, "service"), service).toList()).hasSize(1);
            assertThat(service.getPropertyResourceValue(export.createProperty(DCAT, "endpointURL")).getURI())
                    .endsWith("/api/v1/calls");
        });

        Shapes shapes = shapes();
        ValidationReport report = ShaclValidator.get().validate(shapes, export.getGraph());
        assertThat(report.conforms()).as(() -> "DCAT-AP 3.0.0 report:\n" + render(report)).isTrue();

        // The same shapes refuse a distribution without an access URL (the defect the first user report
        // named) and a service without an endpoint: they are loaded and they bite.
        export.removeAll(null, export.createProperty(DCAT, "accessURL"), null);
        export.removeAll(null, export.createProperty(DCAT, "endpointURL"), null);
        ValidationReport broken = ShaclValidator.get().validate(shapes, export.getGraph());
        assertThat(broken.conforms()).isFalse();
        assertThat(broken.getEntries()).extracting(e -> e.resultPath().toString())
                .containsExactlyInAnyOrder("<" + DCAT + "accessURL>", "<" + DCAT + "accessURL>", "<" + DCAT + "accessURL>",
                        "<" + DCAT + "accessURL>", "<" + DCAT + "endpointURL>");
    }

    private static Model export(String token, String dept) {
        String body = given().auth().oauth2(token).queryParam("dept", dept).get("/api/v1/catalog.jsonld")
                .then().statusCode(200).contentType(DcatMapper.MEDIA_TYPE).extract().asString();
        Model model = ModelFactory.createDefaultModel();
        RDFParser.fromString(body, Lang.JSONLD).parse(model);
        return model;
    }

    private static List<Resource> ofType(Model model, String dcatClass) {
        return model.listSubjectsWithProperty(RDF.type, model.createResource(DCAT + dcatClass)).toList();
    }

    private static Shapes shapes() {
        Graph graph = GraphFactory.createDefaultGraph();
        for (String file : SHAPE_FILES) {
            try (InputStream in = DcatConformanceTest.class.getResourceAsStream("/dcat-ap-3.0.0/" + file)) {
                assertThat(in).as(file).isNotNull();
                RDFDataMgr.read(graph, in, Lang.TURTLE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Shapes.parse(graph);
    }

    private static String render(ValidationReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ShLib.printReport(out, report);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String department(NodeTokens tokens) {
        String id = "dcat-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", id, "name", "市数据局 " + id))
                .post("/admin/v1/departments").then().statusCode(201);
        return id;
    }

    /** @param more further descriptor members, starting with a comma, or empty */
    private static void register(String token, String format, String source, String openType, String updateCycle,
            String more) {
        String id = "3.01.001.002-%06d".formatted(SERIAL.incrementAndGet() % 1_000_000);
        String body = """
                {"id":"%s","title":"企业登记 %s","abstract":"企业登记信息（%s，%s）","category":"enterprise","format":"%s",
                 "dataItems":[{"name":"uscc","type":"string","description":"统一社会信用代码","level":"L1"}],
                 "level":"L2","sharingType":"conditional","sharingCondition":"用于行政审批","openType":"%s",
                 "updateCycle":"%s","publishDate":"2026-11-01","scope":"national","source":"%s"%s}
                """.formatted(id, id, format, source, format, openType, updateCycle, source, more);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/resources")
                .then().statusCode(201);
    }
}
