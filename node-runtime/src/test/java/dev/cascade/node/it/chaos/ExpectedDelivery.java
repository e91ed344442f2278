package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.crypto.digests.SM3Digest;

import dev.cascade.policy.mask.Masker;
import dev.cascade.policy.mask.MaskingFunctions;
import dev.cascade.policy.mask.MaskingKey;
import dev.cascade.policy.mask.MaskingKeys;
import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import dev.cascade.protocol.watermark.Carrier;
import dev.cascade.protocol.watermark.WatermarkKey;
import dev.cascade.protocol.watermark.WatermarkLayout;
import dev.cascade.protocol.watermark.Watermarker;

/**
 * What a closed exchange must have delivered, computed by the harness from the source rows it
 * generated, as an auditor holding the owner node's keys ({@code DATA_DIR/secrets}) would: the
 * first {@code rowLimit} source rows in source order, the granted columns, each masked as the grant
 * says (docs/policies/masking.md), then the recipient's watermark (decision 0008: revealed decimal
 * and date-time columns carry it, the first other column in field order identifies the row (0019), mark = the first 64 bits
 * of SM3 over the exchange id). A dropped, duplicated, reordered or altered row differs from it.
 */
final class ExpectedDelivery {

    private ExpectedDelivery() {
    }

    record Grant(List<String> columns, List<String> masks, long rowLimit) {
        static Grant of(JsonNode grant) {
            List<String> columns = new ArrayList<>();
            List<String> masks = new ArrayList<>();
            grant.path("fields").forEach(f -> {
                columns.add(f.path("name").asText());
                masks.add(f.path("mask").asText());
            });
            return new Grant(List.copyOf(columns), List.copyOf(masks), grant.path("rowLimit").asLong());
        }
    }

    static List<List<String>> rows(SourceTable source, Grant grant, Path ownerDataDir, String exchangeId) {
        Path secrets = ownerDataDir.resolve("secrets");
        MaskingFunctions functions = new MaskingFunctions(keys(grant, secrets));
        int[] from = new int[grant.columns().size()];
        Masker[] maskers = new Masker[from.length];
        Map<String, Carrier> carriers = new LinkedHashMap<>();
        List<String> identity = new ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            String column = grant.columns().get(i);
            from[i] = SourceTable.COLUMNS.indexOf(column);
            MaskSpec spec = MaskSpec.parse(grant.masks().get(i));
            maskers[i] = spec instanceof MaskSpec.Reveal ? null : functions.masker(spec);
            Optional<Carrier> carrier = spec instanceof MaskSpec.Reveal ? Carrier.forFieldType(source.typeOf(column)) : Optional.empty();
            if (carrier.isPresent()) {
                carriers.put(column, carrier.get());
            } else {
                identity.add(column);
            }
        }
        // The row's identity is the first non-carrier field in the resource's own field order (decision 0019).
        String first = SourceTable.COLUMNS.stream().filter(identity::contains).findFirst().orElseThrow();
        Watermarker watermark = new Watermarker(WatermarkKey.of(read(secrets.resolve("watermark.key"))),
                new WatermarkLayout(List.of(first), carriers, 3), new RowSchema(grant.columns()), markId(exchangeId));
        long limit = grant.rowLimit() == 0 ? Long.MAX_VALUE : grant.rowLimit();
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : source.rows()) {
            if (out.size() >= limit) {
                break;
            }
            List<String> values = new ArrayList<>(from.length);
            for (int i = 0; i < from.length; i++) {
                String v = row.get(from[i]);
                values.add(maskers[i] == null ? v : maskers[i].mask(v));
            }
            out.add(watermark.embed(new Row(values)).values());
        }
        return out;
    }

    /** The mark of decision 0008 as the exchange protocol fixes it: SM3 over the exchange id, first 64 bits. */
    static long markId(String exchangeId) {
        byte[] in = exchangeId.getBytes(StandardCharsets.US_ASCII);
        SM3Digest sm3 = new SM3Digest();
        sm3.update(in, 0, in.length);
        byte[] out = new byte[32];
        sm3.doFinal(out, 0);
        return ByteBuffer.wrap(out).getLong();
    }

    private static MaskingKeys keys(Grant grant, Path secrets) {
        Map<String, MaskingKey> keys = new HashMap<>();
        for (String mask : grant.masks()) {
            MaskSpec spec = MaskSpec.parse(mask);
            if (spec instanceof MaskSpec.Pseudonym p) {
                keys.put(p.keyId(), key(secrets, p.keyId(), MaskingKey.Algorithm.HMAC_SM3));
            } else if (spec instanceof MaskSpec.FormatPreserving fpe) {
                keys.put(fpe.keyId(), key(secrets, fpe.keyId(),
                        fpe.cipher() == MaskSpec.FpeCipher.SM4 ? MaskingKey.Algorithm.FF1_SM4 : MaskingKey.Algorithm.FF1_AES));
            }
        }
        return MaskingKeys.of(keys);
    }

    private static MaskingKey key(Path secrets, String keyId, MaskingKey.Algorithm algorithm) {
        return MaskingKey.of(algorithm, read(secrets.resolve("masking-" + keyId + "." + algorithm.name().toLowerCase(Locale.ROOT))));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the owner's key " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
