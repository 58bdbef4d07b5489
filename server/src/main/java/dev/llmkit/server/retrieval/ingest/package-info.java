/**
 * Ingestion: parse (text, Markdown, HTML via jsoup, PDF via PDFBox), split by model tokens with
 * LangChain4j's recursive splitter, locate each segment in the original, tag entities, embed,
 * store.
 */
package dev.llmkit.server.retrieval.ingest;
