/** llmkit inference. */
package dev.llmkit.inference;
