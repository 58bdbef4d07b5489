/**
 * Attention weights of the served models, per layer and head, for the playground's attention view
 * and {@code llmkit attention}.
 */
package dev.llmkit.inference.attention;
