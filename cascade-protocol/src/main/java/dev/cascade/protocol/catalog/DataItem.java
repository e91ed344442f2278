package dev.cascade.protocol.catalog;

/**
 * One field of a resource's schema with its own labels. Nothing is enforced here: the record
 * holds what a provider declared so that {@link DescriptorRules} can report every problem at once.
 *
 * @param description   free text; optional
 * @param sensitiveType the kind of personal or sensitive information the field holds (e.g. "身份证号"),
 *                      or null if none
 * @param level         the field's own classification; the resource is at least as sensitive
 */
public record DataItem(String name, FieldType type, String description, String sensitiveType, DataLevel level) {
}
