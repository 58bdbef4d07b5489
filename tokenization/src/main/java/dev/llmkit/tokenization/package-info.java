/** llmkit tokenization. */
package dev.llmkit.tokenization;
