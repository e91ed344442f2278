package dev.cascade.policy.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into a {@link YamlNode} tree with line numbers, using Jackson's YAML
 * streaming parser. Duplicate keys are refused (YAML says they are an error; most parsers keep the
 * last one silently, which in a policy pack would let a second {@code effect:} quietly win).
 */
public final class YamlReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlReader() {
    }

    /**
     * @throws YamlSyntaxException with the line and column of the first problem
     */
    public static YamlNode read(byte[] bytes) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new YamlSyntaxException(1, 1, "the document is empty");
            }
            YamlNode root = readValue(parser);
            JsonToken after = parser.nextToken();
            if (after != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new YamlSyntaxException(at.getLineNr(), at.getColumnNr(),
                        "only one YAML document is allowed; found more after the first");
            }
            return root;
        } catch (StreamReadException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new YamlSyntaxException(line, column, e.getOriginalMessage());
        } catch (IOException e) {
            throw new YamlSyntaxException(0, 0, "cannot read YAML: " + e.getMessage());
        }
    }

    private static YamlNode readValue(JsonParser parser) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    if (entries.containsKey(key)) {
                        throw new YamlSyntaxException(keyAt.getLineNr(), keyAt.getColumnNr(),
                                "duplicate key '" + key + "' (first at line " + keyLines.get(key) + ")");
                    }
                    parser.nextToken();
                    keyLines.put(key, keyAt.getLineNr());
                    entries.put(key, readValue(parser));
                }
                return new YamlNode.Mapping(entries, keyLines, line, column);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser));
                }
                return new YamlNode.Sequence(items, line, column);
            }
            case VALUE_STRING:
                return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.STRING, line, column);
            case VALUE_NUMBER_INT:
                return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.INTEGER, line, column);
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.DECIMAL, line, column);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.BOOLEAN, line, column);
            case VALUE_NULL:
                return new YamlNode.Scalar(null, YamlNode.ScalarType.NULL, line, column);
            default:
                throw new YamlSyntaxException(line, column, "unsupported YAML construct (" + token + ")");
        }
    }
}
