package dev.cascade.node.classify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.cascade.policy.detect.SampleEncoding;
import dev.cascade.policy.detect.SampleFormatException;
import dev.cascade.policy.detect.SampleTable;

/**
 * A JSON Lines sample (one object per line) as the {@link SampleTable} the classifier reads. The
 * columns are the member names in order of first appearance; a member a line lacks, and a JSON
 * null, read as an empty value, which the classifier does not count. Numbers and booleans read as
 * their JSON text (a citizen id sent as a number is still one), nested values as compact JSON.
 * JSON text is UTF-8 (RFC 8259), so no other encoding is guessed; a line that is not valid UTF-8
 * or not one JSON object is refused with its line number, as a malformed CSV line is.
 */
public final class JsonLinesSample {

    // Two objects on one line are two records run together, not one: refused rather than half read.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private JsonLinesSample() {
    }

    /** Reads at most {@code maxRows} objects; {@code truncated} says whether more followed. */
    public static SampleTable read(byte[] bytes, int maxRows) throws SampleFormatException {
        int start = hasByteOrderMark(bytes) ? 3 : 0;
        List<Map<String, String>> records = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        boolean truncated = false;
        int line = 1;
        for (int from = start; from < bytes.length; line++) {
            int end = from;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String text = decode(bytes, from, end, line).strip();
            from = end + 1;
            if (text.isEmpty()) {
                continue;
            }
            if (records.size() == maxRows) {
                truncated = true;
                break;
            }
            Map<String, String> record = object(text, line);
            columns.addAll(record.keySet());
            records.add(record);
        }
        if (records.isEmpty()) {
            throw new SampleFormatException(1, "no JSON object: the sample is empty");
        }
        List<String> header = List.copyOf(columns);
        List<List<String>> rows = new ArrayList<>(records.size());
        for (Map<String, String> r : records) {
            rows.add(header.stream().map(name -> r.getOrDefault(name, "")).toList());
        }
        return new SampleTable(header, rows, SampleEncoding.UTF_8, truncated);
    }

    private static Map<String, String> object(String text, int line) throws SampleFormatException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SampleFormatException(line, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new SampleFormatException(line, "a JSON " + (node == null ? "nothing" : node.getNodeType().name()
                    .toLowerCase(Locale.ROOT)) + ", not an object");
        }
        Map<String, String> record = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            JsonNode value = member.getValue();
            record.put(member.getKey(), value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString());
        }
        return record;
    }

    private static String decode(byte[] bytes, int from, int to, int line) throws SampleFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SampleFormatException(line, "not valid UTF-8 (JSON Lines are UTF-8)");
        }
    }

    private static boolean hasByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    }
}
