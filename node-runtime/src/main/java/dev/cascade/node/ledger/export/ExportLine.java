package dev.cascade.node.ledger.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.protocol.trust.DerChain;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One JSON object of an export line (or an object inside one), with typed field access that
 * fails with the line number and the field's path, so an operator can find what is wrong.
 */
final class ExportLine {

    private final long number;
    private final String path;
    private final JsonNode object;

    ExportLine(long number, String path, JsonNode object) {
        this.number = number;
        this.path = path;
        this.object = object;
        if (!object.isObject()) {
            throw malformed((path.isEmpty() ? "the line" : path) + " is not a JSON object");
        }
    }

    long number() {
        return number;
    }

    boolean has(String field) {
        return object.has(field);
    }

    int fieldCount() {
        return object.size();
    }

    ExportLine object(String field) {
        return new ExportLine(number, name(field), field(field));
    }

    /** Empty for a field that is present and null. */
    Optional<ExportLine> nullableObject(String field) {
        JsonNode value = field(field);
        return value.isNull() ? Optional.empty() : Optional.of(new ExportLine(number, name(field), value));
    }

    String text(String field) {
        JsonNode value = field(field);
        if (!value.isTextual()) {
            throw malformed(name(field) + " is not a string");
        }
        return value.textValue();
    }

    long whole(String field) {
        JsonNode value = field(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw malformed(name(field) + " is not a whole number");
        }
        return value.longValue();
    }

    byte[] hex(String field) {
        try {
            return HexFormat.of().parseHex(text(field));
        } catch (IllegalArgumentException e) {
            throw malformed(name(field) + " is not hexadecimal");
        }
    }

    byte[] base64(String field) {
        return base64(name(field), text(field));
    }

    List<ExportLine> objects(String field) {
        List<ExportLine> out = new ArrayList<>();
        JsonNode array = array(field);
        for (int i = 0; i < array.size(); i++) {
            out.add(new ExportLine(number, name(field) + "[" + i + "]", array.get(i)));
        }
        return out;
    }

    List<X509Certificate> certificates(String field) {
        List<X509Certificate> chain = new ArrayList<>();
        JsonNode array = array(field);
        for (int i = 0; i < array.size(); i++) {
            String name = name(field) + "[" + i + "]";
            if (!array.get(i).isTextual()) {
                throw malformed(name + " is not a string");
            }
            try {
                chain.add(DerChain.certificate(base64(name, array.get(i).textValue())));
            } catch (IllegalArgumentException e) {
                throw malformed(name + " is not a DER X.509 certificate");
            }
        }
        return chain;
    }

    MalformedExportException malformed(String problem) {
        return new MalformedExportException(number, problem);
    }

    private JsonNode array(String field) {
        JsonNode value = field(field);
        if (!value.isArray()) {
            throw malformed(name(field) + " is not an array");
        }
        return value;
    }

    private byte[] base64(String name, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(name + " is not base64");
        }
    }

    private JsonNode field(String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            throw malformed((path.isEmpty() ? "the line" : path) + " has no field \"" + field + "\"");
        }
        return value;
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
