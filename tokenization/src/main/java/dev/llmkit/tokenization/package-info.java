/**
 * Tokenization for BERT-family (WordPiece) and GPT-2 (byte-level BPE) models, on DJL's binding of
 * Hugging Face {@code tokenizers}.
 *
 * <p>Start at {@link dev.llmkit.tokenization.Tokenizer}: load with {@code fromDirectory(Path)} or
 * {@code embedded("bert-base-cased" | "bert-base-uncased" | "gpt2")}, then {@code encode}, {@code
 * encodePair}, {@code encodeWindows}/{@code encodePairWindows} (overflow with stride) and {@code
 * encodeBatch} (padding, truncation). Every {@link dev.llmkit.tokenization.Encoding} carries
 * offsets into the caller's original string in UTF-16 units and in code points.
 */
package dev.llmkit.tokenization;
