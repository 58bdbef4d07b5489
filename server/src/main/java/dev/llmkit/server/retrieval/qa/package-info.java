/** Open-book extractive QA: retrieve passages, read them in one batch, rank by a combined score. */
package dev.llmkit.server.retrieval.qa;
