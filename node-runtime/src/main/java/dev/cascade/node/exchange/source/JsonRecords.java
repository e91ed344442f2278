package dev.cascade.node.exchange.source;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One JSON object as a record of text values, the same way for JSON Lines files and HTTP sources:
 * strings as they are, numbers as written in the document (no float rounding), booleans
 * {@code true}/{@code false}, {@code null} as null, and a nested object or array as its compact
 * JSON text.
 */
final class JsonRecords {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {
    }

    /**
     * Reads the object whose START_OBJECT the parser is on, leaving it on the matching END_OBJECT.
     *
     * @param where how a failure names the record, e.g. "line 7" or "element [12]"
     */
    static Map<String, String> readObject(JsonParser p, String where) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            String text = switch (v) {
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> null;
                case START_OBJECT, START_ARRAY -> JSON.writeValueAsString(JSON.readTree(p));
                default -> throw SourceFailure.badRecord(where + ": unexpected " + v + " for member '" + name + "'");
            };
            if (values.containsKey(name)) {
                throw SourceFailure.badRecord(where + ": member '" + name + "' appears twice");
            }
            values.put(name, text);
        }
        if (t != JsonToken.END_OBJECT) {
            throw SourceFailure.badRecord(where + ": the object is not closed");
        }
        return values;
    }

    /** "an array", "a string", … for a token that should have been an object. */
    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
