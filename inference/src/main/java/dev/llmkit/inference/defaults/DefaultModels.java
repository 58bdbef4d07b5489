package dev.llmkit.inference.defaults;

import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.pretrained.BertBaseCased;
import dev.llmkit.inference.safetensors.SafetensorsException;
import dev.llmkit.inference.store.LlmkitCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says where the default model of each task lives, the model used when {@code --model} is omitted.
 *
 * <ul>
 *   <li>{@link DefaultTask#EMBEDDINGS}: {@link AllMiniLmL6V2#directory()}, converted from the
 *       LangChain4j artifact on first use.
 *   <li>{@link DefaultTask#FILL_MASK}: {@link BertBaseCased#directory()}, converted from its Maven
 *       artifact on first use.
 *   <li>{@link DefaultTask#NER}, {@link DefaultTask#QA}, {@link DefaultTask#GENERATION}: a Hugging
 *       Face model directory bundled on the classpath under {@code
 *       dev/llmkit/models/{ner,qa,gpt2}/} and unpacked into llmkit's cache on first use.
 * </ul>
 *
 * <p>A bundled directory is described by its manifest {@code files.sha256}, in {@code sha256sum}
 * format ({@code <64 hex digits><two spaces><file name>} per line), because a directory inside a
 * jar cannot be listed. Each listed file sits beside the manifest. It is unpacked to {@code
 * $LLMKIT_CACHE/models/default-<name>-<manifest hash>/}, every file checked against its digest,
 * through a temporary directory moved into place atomically: a new bundle unpacks afresh, later
 * runs reuse the directory.
 *
 * <p>Two things keep bundles small, and both are undone while unpacking, so the unpacked directory
 * is an ordinary checkpoint every loader reads:
 *
 * <ol>
 *   <li>large 2-D tensors may be stored as int8 with one F32 scale per row, listed in {@code
 *       quantized-tensors.json} ({@link QuantizedTensors}); they are dequantized first, to F16 (F32
 *       when the bundle's other tensors are F32);
 *   <li>tensors shared with the default encoder may be left out and named in {@code
 *       base-tensors.json} ({@link BaseTensors}); they are then filled in from the encoder, and the
 *       file is rewritten as F32.
 * </ol>
 *
 * <p>A malformed bundle (bad digest, unknown quantization scheme or version, a quantized tensor
 * that is not 2-D int8, a missing or mis-shaped scale, a base tensor the encoder lacks) fails with
 * a {@link NoDefaultModelException} saying what is wrong, and leaves nothing in the cache.
 *
 * <pre>{@code
 * Path ner = DefaultModels.standard().directory(DefaultTask.NER); // or NoDefaultModelException
 * }</pre>
 */
public final class DefaultModels {

  /** The classpath folder holding one subfolder per bundled default model. */
  public static final String RESOURCE_ROOT = "dev/llmkit/models/";

  /** The manifest of a bundled model directory. */
  public static final String MANIFEST = "files.sha256";

  private static final Pattern LINE =
      Pattern.compile("([0-9a-f]{64})  ([A-Za-z0-9_][A-Za-z0-9_.-]*)");

  private final ClassLoader classLoader;
  private final String resourceRoot;
  private final Path cacheRoot;
  private final Function<Path, Path> embeddingDirectory;

  private DefaultModels(Builder b) {
    this.classLoader = b.classLoader != null ? b.classLoader : DefaultModels.class.getClassLoader();
    this.resourceRoot = b.resourceRoot;
    this.cacheRoot = b.cacheRoot != null ? b.cacheRoot : LlmkitCache.root();
    this.embeddingDirectory = b.embeddingDirectory;
  }

  /** The defaults of this installation: the classpath and llmkit's cache. */
  public static DefaultModels standard() {
    return builder().build();
  }

  /** A builder; every setting has the standard default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether a default model exists for the task, without unpacking or converting anything. */
  public boolean isBundled(DefaultTask task) {
    if (task == DefaultTask.FILL_MASK) {
      return BertBaseCased.isAvailable();
    }
    return task == DefaultTask.EMBEDDINGS || manifestUrl(task) != null;
  }

  /**
   * The task's default model directory, unpacked or converted if needed.
   *
   * @return empty when no default is bundled for the task
   * @throws NoDefaultModelException when a bundled model is corrupt or cannot be unpacked
   */
  public Optional<Path> find(DefaultTask task) {
    Objects.requireNonNull(task, "task");
    if (task == DefaultTask.EMBEDDINGS) {
      return Optional.of(embeddingDirectory.apply(cacheRoot));
    }
    if (task == DefaultTask.FILL_MASK) {
      return BertBaseCased.isAvailable()
          ? Optional.of(BertBaseCased.directory(cacheRoot))
          : Optional.empty();
    }
    return task.resourceName() == null ? Optional.empty() : findBundle(task, task.resourceName());
  }

  /**
   * A bundled model directory by its folder name under {@link #RESOURCE_ROOT}, unpacked if needed:
   * the defaults, and bundled models that are no longer a task's default but stay available by name
   * (see {@code NamedModels}).
   *
   * @param task the model's task, for messages
   * @return empty when no such bundle is on the classpath
   */
  public Optional<Path> findBundle(DefaultTask task, String resourceName) {
    URL manifest = classLoader.getResource(resourceRoot + resourceName + "/" + MANIFEST);
    if (manifest == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(unpack(task, resourceName, manifest));
    } catch (IOException e) {
      throw new NoDefaultModelException(
          task, "cannot unpack the default " + task.label() + " model: " + e.getMessage(), e);
    }
  }

  /**
   * The task's default model directory.
   *
   * @throws NoDefaultModelException when none is bundled, saying to pass {@code --model}
   */
  public Path directory(DefaultTask task) {
    return find(task)
        .orElseThrow(
            () ->
                new NoDefaultModelException(
                    task,
                    "no default "
                        + task.label()
                        + " model is bundled yet; pass --model DIR or a Hub id"));
  }

  private URL manifestUrl(DefaultTask task) {
    return task.resourceName() == null
        ? null
        : classLoader.getResource(resourceRoot + task.resourceName() + "/" + MANIFEST);
  }

  private record Entry(String sha256, String name) {}

  private Path unpack(DefaultTask task, String resourceName, URL manifestUrl) throws IOException {
    byte[] manifest;
    try (InputStream in = manifestUrl.openStream()) {
      manifest = in.readAllBytes();
    }
    List<Entry> entries = parse(task, new String(manifest, StandardCharsets.UTF_8));
    String key = HexFormat.of().formatHex(sha256().digest(manifest)).substring(0, 16);
    String folder = resourceRoot + resourceName + "/";
    // a bundle directory is only ever created complete, by materialize's atomic move
    return LlmkitCache.materialize(
        cacheRoot,
        "default-" + resourceName + "-" + key,
        Files::isDirectory,
        dir -> {
          for (Entry e : entries) {
            copyChecked(task, folder + e.name(), e, dir.resolve(e.name()));
          }
          complete(task, dir, entries);
        });
  }

  /**
   * Dequantizes int8 tensors ({@link QuantizedTensors}), then adds the tensors the bundle shares
   * with the default encoder ({@link BaseTensors}): the order matters, as the base step reads every
   * bundle tensor as floating point.
   */
  private void complete(DefaultTask task, Path dir, List<Entry> entries) throws IOException {
    try {
      if (lists(entries, QuantizedTensors.FILE)) {
        QuantizedTensors.expand(dir);
      }
      if (lists(entries, BaseTensors.FILE)) {
        BaseTensors.complete(dir, embeddingDirectory.apply(cacheRoot));
      }
    } catch (IllegalArgumentException | SafetensorsException e) {
      throw new NoDefaultModelException(
          task, "cannot complete the default " + task.label() + " model: " + e.getMessage(), e);
    }
  }

  private static boolean lists(List<Entry> entries, String file) {
    return entries.stream().anyMatch(e -> e.name().equals(file));
  }

  private List<Entry> parse(DefaultTask task, String manifest) {
    List<Entry> entries = new ArrayList<>();
    for (String line : manifest.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(trimmed);
      if (!m.matches()) {
        throw new NoDefaultModelException(
            task,
            "bad line in the manifest of the default "
                + task.label()
                + " model (expected '<sha256>  <file name>'): "
                + trimmed);
      }
      entries.add(new Entry(m.group(1), m.group(2)));
    }
    if (entries.stream().noneMatch(e -> e.name().equals("config.json"))) {
      throw new NoDefaultModelException(
          task, "the manifest of the default " + task.label() + " model lists no config.json");
    }
    return entries;
  }

  private void copyChecked(DefaultTask task, String resource, Entry entry, Path to)
      throws IOException {
    URL url = classLoader.getResource(resource);
    if (url == null) {
      throw new NoDefaultModelException(
          task, "the default " + task.label() + " model lacks " + resource);
    }
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(url.openStream(), digest)) {
      Files.copy(in, to);
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(entry.sha256())) {
      throw new NoDefaultModelException(
          task,
          "the default "
              + task.label()
              + " model's "
              + entry.name()
              + " has sha256 "
              + actual
              + ", its manifest says "
              + entry.sha256());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Builder for {@link DefaultModels}. */
  public static final class Builder {
    private ClassLoader classLoader;
    private String resourceRoot = RESOURCE_ROOT;
    private Path cacheRoot;
    private Function<Path, Path> embeddingDirectory = AllMiniLmL6V2::directory;

    private Builder() {}

    /** Where bundled models are looked up; default: the class loader of llmkit's inference. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /**
     * The classpath folder of bundled models, ending in {@code /}; default {@code
     * dev/llmkit/models/}.
     */
    public Builder resourceRoot(String resourceRoot) {
      if (!resourceRoot.endsWith("/")) {
        throw new IllegalArgumentException("resourceRoot must end in '/': " + resourceRoot);
      }
      this.resourceRoot = resourceRoot;
      return this;
    }

    /** llmkit's cache root, where models are unpacked; default {@link LlmkitCache#root()}. */
    public Builder cacheRoot(Path cacheRoot) {
      this.cacheRoot = cacheRoot;
      return this;
    }

    /**
     * Gives the embedding model's directory for a cache root; default {@link
     * AllMiniLmL6V2#directory(Path)}.
     */
    public Builder embeddingDirectory(Function<Path, Path> embeddingDirectory) {
      this.embeddingDirectory = Objects.requireNonNull(embeddingDirectory);
      return this;
    }

    /** Builds the catalog. */
    public DefaultModels build() {
      return new DefaultModels(this);
    }
  }
}
