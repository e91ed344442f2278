package dev.cascade.protocol.catalog;

/**
 * One query parameter a data service (接口) accepts. A caller names parameters and gives values; it
 * never gives a URL or query text: the owner node passes the value only as this parameter of the
 * endpoint fixed at registration, after checking it against {@code pattern}.
 *
 * @param title   what the parameter means (e.g. "身份证号"); optional
 * @param pattern a Java regular expression the whole value must match, or null for any value of at
 *                most {@link DescriptorRules#MAX_PARAMETER_VALUE} characters
 */
public record ServiceParameter(String name, String title, boolean required, String pattern) {
}
