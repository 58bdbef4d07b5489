package dev.llmkit.server.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entity (aggregated) or one token (strategy {@code none}) in HF's token-classification
 * response shape. With aggregation, {@code entityGroup} is set and {@code entity}/{@code index} are
 * null; without, the reverse.
 *
 * @param entityGroup aggregated label ({@code PER}), or null
 * @param entity token label ({@code B-PER}), or null
 * @param score probability of the label
 * @param index token index in the encoded input, or null when aggregated
 * @param word the entity's text
 * @param start first code point in the input
 * @param end code point after the entity
 * @param utf16Start the same start in UTF-16 chars
 * @param utf16End the same end in UTF-16 chars
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NerEntity(
    String entityGroup,
    String entity,
    float score,
    Integer index,
    String word,
    int start,
    int end,
    int utf16Start,
    int utf16End) {}
