/** llmkit server. */
package dev.llmkit.server;
