package dev.cascade.node.exchange.owner;

import dev.cascade.node.exchange.store.NodeSecrets;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.mask.Masker;
import dev.cascade.policy.mask.MaskingFunctions;
import dev.cascade.policy.mask.MaskingKey;
import dev.cascade.policy.mask.MaskingKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The maskers a grant calls for, one per granted field (null for a field revealed as is), with the
 * node's masking keys: the same for a delivery's rows and a service call's answer.
 */
@ApplicationScoped
public class GrantMasking {

    @Inject
    NodeSecrets secrets;

    /** Granted field name → its masker (null: revealed), in the grant's order. */
    public Map<String, Masker> maskers(GrantBody grant) {
        MaskingFunctions functions = new MaskingFunctions(keysFor(grant));
        Map<String, Masker> out = new LinkedHashMap<>();
        for (GrantedField f : grant.getFieldsList()) {
            MaskSpec spec = MaskSpec.parse(f.getMask());
            out.put(f.getName(), spec instanceof MaskSpec.Reveal ? null : functions.masker(spec));
        }
        return out;
    }

    private MaskingKeys keysFor(GrantBody grant) {
        Map<String, MaskingKey> keys = new HashMap<>();
        for (GrantedField f : grant.getFieldsList()) {
            MaskSpec spec = MaskSpec.parse(f.getMask());
            if (spec instanceof MaskSpec.Pseudonym p) {
                keys.put(p.keyId(), secrets.masking(p.keyId(), MaskingKey.Algorithm.HMAC_SM3));
            } else if (spec instanceof MaskSpec.FormatPreserving fpe) {
                keys.put(fpe.keyId(), secrets.masking(fpe.keyId(), fpe.cipher() == MaskSpec.FpeCipher.SM4
                        ? MaskingKey.Algorithm.FF1_SM4 : MaskingKey.Algorithm.FF1_AES));
            }
        }
        return MaskingKeys.of(keys);
    }
}
