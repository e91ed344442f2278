package dev.cascade.node.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.protocol.catalog.DataFormat;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.FieldType;
import dev.cascade.protocol.catalog.OpenType;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.ServiceInterface;
import dev.cascade.protocol.catalog.ServiceParameter;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.catalog.SourceKind;
import dev.cascade.protocol.catalog.UpdateCycle;
import dev.cascade.protocol.catalog.Violation;
import dev.cascade.protocol.catalog.DescriptorRules;

/**
 * The JSON form of a resource descriptor, as providers send it and as it travels (signed) between
 * tiers. Reading collects every problem with the field it belongs to instead of stopping at the
 * first, so a provider fixes a registration in one round.
 */
public final class ResourceJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private ResourceJson() {
    }

    /** A descriptor, or the violations that kept it from being one. */
    public record Reading(ResourceDescriptor descriptor, List<Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    public static Reading read(JsonNode json, String idFromPath) {
        return read(json, idFromPath, d -> List.of());
    }

    /**
     * As {@link #read(JsonNode, String)}, with {@code localRules} checked beside the catalog's own
     * rules, so that every problem comes back in one round: at registration, the policy in force
     * here. (Changes relayed from other nodes are read without them: their origin checked them
     * under its own policy.)
     */
    public static Reading read(JsonNode json, String idFromPath, Function<ResourceDescriptor, List<Violation>> localRules) {
        List<Violation> v = new ArrayList<>();
        if (json == null || !json.isObject()) {
            v.add(new Violation("", "the body must be a JSON object"));
            return new Reading(null, v);
        }
        String id = idFromPath != null ? idFromPath : text(json, "id");
        if (idFromPath != null && json.hasNonNull("id") && !idFromPath.equals(json.get("id").asText())) {
            v.add(new Violation("id", "the body names resource " + json.get("id").asText() + " but the path names " + idFromPath));
        }
        List<DataItem> items = new ArrayList<>();
        JsonNode itemsNode = json.get("dataItems");
        if (itemsNode != null && !itemsNode.isArray()) {
            v.add(new Violation("dataItems", "must be an array"));
        } else if (itemsNode != null) {
            for (int i = 0; i < itemsNode.size(); i++) {
                JsonNode item = itemsNode.get(i);
                String at = "dataItems[" + i + "]";
                if (!item.isObject()) {
                    v.add(new Violation(at, "must be an object"));
                    continue;
                }
                items.add(new DataItem(text(item, "name"), wire(item, "type", at + ".type", FieldType::fromWire, v),
                        text(item, "description"), text(item, "sensitiveType"),
                        wire(item, "level", at + ".level", DataLevel::fromWire, v)));
            }
        }
        LocalDate publishDate = null;
        if (json.hasNonNull("publishDate")) {
            try {
                publishDate = LocalDate.parse(json.get("publishDate").asText());
            } catch (DateTimeParseException e) {
                v.add(new Violation("publishDate", "must be a date like 2026-11-27"));
            }
        }
        ResourceDescriptor d = new ResourceDescriptor(id, text(json, "title"), text(json, "abstract"), text(json, "category"),
                wire(json, "format", "format", DataFormat::fromWire, v), List.copyOf(items),
                wire(json, "level", "level", DataLevel::fromWire, v),
                wire(json, "sharingType", "sharingType", SharingType::fromWire, v), text(json, "sharingCondition"),
                wire(json, "openType", "openType", OpenType::fromWire, v),
                wire(json, "updateCycle", "updateCycle", UpdateCycle::fromWire, v), publishDate,
                wire(json, "scope", "scope", Scope::fromWire, v),
                wire(json, "source", "source", SourceKind::fromWire, v), service(json.get("service"), v));
        if (v.isEmpty()) {
            v.addAll(DescriptorRules.check(d));
            v.addAll(localRules.apply(d));
        }
        return new Reading(v.isEmpty() ? d : null, List.copyOf(v));
    }

    /** The signed form: the provider's descriptor plus the department that registered it. */
    public static String write(ResourceDescriptor d, String providerDept) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.id());
        o.put("providerDept", providerDept);
        o.put("title", d.title());
        o.put("abstract", d.summary());
        o.put("category", d.category());
        o.put("format", d.format().wire());
        ArrayNode items = o.putArray("dataItems");
        for (DataItem i : d.dataItems()) {
            ObjectNode item = items.addObject();
            item.put("name", i.name());
            item.put("type", i.type().wire());
            item.put("description", i.description());
            if (i.sensitiveType() != null) {
                item.put("sensitiveType", i.sensitiveType());
            }
            item.put("level", i.level().wire());
        }
        o.put("level", d.level().wire());
        o.put("sharingType", d.sharingType().wire());
        if (d.sharingCondition() != null) {
            o.put("sharingCondition", d.sharingCondition());
        }
        o.put("openType", d.openType().wire());
        o.put("updateCycle", d.updateCycle().wire());
        o.put("publishDate", d.publishDate().toString());
        o.put("scope", d.scope().wire());
        o.put("source", d.source().wire());
        if (d.service() != null) {
            ArrayNode params = o.putObject("service").putArray("parameters");
            for (ServiceParameter p : d.service().parameters()) {
                ObjectNode param = params.addObject();
                param.put("name", p.name());
                if (p.title() != null) {
                    param.put("title", p.title());
                }
                param.put("required", p.required());
                if (p.pattern() != null) {
                    param.put("pattern", p.pattern());
                }
            }
        }
        return o.toString();
    }

    /** A data service's parameters ({@code "service": {"parameters": [...]}}), or null when the body has none. */
    private static ServiceInterface service(JsonNode node, List<Violation> v) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode params = node.get("parameters");
        if (!node.isObject() || params == null || !params.isArray()) {
            v.add(new Violation("service", "must be an object with an array 'parameters'"));
            return null;
        }
        List<ServiceParameter> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            JsonNode p = params.get(i);
            String at = "service.parameters[" + i + "]";
            if (!p.isObject()) {
                v.add(new Violation(at, "must be an object"));
                continue;
            }
            JsonNode required = p.get("required");
            if (required != null && !required.isBoolean()) {
                v.add(new Violation(at + ".required", "must be true or false"));
            }
            out.add(new ServiceParameter(text(p, "name"), text(p, "title"), required != null && required.asBoolean(),
                    text(p, "pattern")));
        }
        return new ServiceInterface(out);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static <T> T wire(JsonNode node, String field, String path, Function<String, T> parse, List<Violation> v) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            v.add(new Violation(path, e.getMessage()));
            return null;
        }
    }
}
