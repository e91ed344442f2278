package dev.cascade.policy.condition;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The value of one struct condition variable: every declared field, in a fixed layout. CEL reads
 * it as the map it is; the native fast path reads a field by its slot, resolved when the
 * condition was compiled, without hashing the field name. Building one is an array fill rather
 * than a hash map's node allocations, and {@link Builder#build()} refuses a gap, which is what
 * makes "every declared field is present" (see {@link Facts}) hold by construction.
 *
 * <p>Unmodifiable.
 */
public final class FactMap extends AbstractMap<String, Object> {

    private final Layout layout;
    private final Object[] values;

    private FactMap(Layout layout, Object[] values) {
        this.layout = layout;
        this.values = values;
    }

    /** A builder for the variable's declared fields. */
    public static Builder builder(String variable) {
        return new Builder(ConditionVariables.layout(variable));
    }

    Layout layout() {
        return layout;
    }

    Object valueAt(int slot) {
        return values[slot];
    }

    @Override
    public Object get(Object key) {
        int slot = layout.slot(key);
        return slot < 0 ? null : values[slot];
    }

    @Override
    public boolean containsKey(Object key) {
        return layout.slot(key) >= 0;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(layout.keys.get(i), values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    /** The fields of one struct variable and their slots. Immutable. */
    static final class Layout {
        final String variable;
        final List<String> keys;
        private final Map<String, Integer> slots;

        Layout(String variable, List<String> keys) {
            this.variable = variable;
            this.keys = List.copyOf(keys);
            Map<String, Integer> s = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                s.put(keys.get(i), i);
            }
            this.slots = Collections.unmodifiableMap(s);
        }

        int slot(Object key) {
            Integer slot = slots.get(key);
            return slot == null ? -1 : slot;
        }
    }

    /** Fills a fact map field by field; {@link #build()} insists every field was given. */
    public static final class Builder {
        private final Layout layout;
        private final Object[] values;
        private boolean built;

        private Builder(Layout layout) {
            this.layout = layout;
            this.values = new Object[layout.keys.size()];
        }

        public Builder put(String field, Object value) {
            if (built) {
                throw new IllegalStateException("the " + layout.variable + " facts were already built");
            }
            int slot = layout.slot(field);
            if (slot < 0) {
                throw new IllegalArgumentException(layout.variable + " declares no field '" + field + "'");
            }
            if (value == null) {
                throw new IllegalArgumentException(layout.variable + "." + field + " must not be null");
            }
            values[slot] = value;
            return this;
        }

        /** @throws IllegalStateException naming the first field left unset */
        public FactMap build() {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    throw new IllegalStateException(layout.variable + "." + layout.keys.get(i) + " was not set");
                }
            }
            built = true;
            return new FactMap(layout, values);
        }
    }
}
