package dev.llmkit.server.config;

import dev.llmkit.inference.device.DeviceException;
import dev.llmkit.inference.device.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a {@link ServerConfig} once at startup; every message says which setting to fix. */
public final class ConfigValidator {

  private static final Pattern HUB_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
  private static final Pattern DEVICE = Pattern.compile("auto|cpu|cuda(:\\d+)?|gpu(:\\d+)?");
  private static final Pattern ORIGIN = Pattern.compile("\\*|https?://[^/\\s]+");

  private ConfigValidator() {}

  /**
   * Validates the configuration.
   *
   * @throws ConfigException listing every problem found
   */
  public static void validate(ServerConfig c) {
    List<String> problems = new ArrayList<>();
    if (c.host() == null || c.host().isBlank()) {
      problems.add("host must not be empty (e.g. 127.0.0.1 or 0.0.0.0); set --host or LLMKIT_HOST");
    }
    if (c.port() < 0 || c.port() > 65_535) {
      problems.add(
          "port must be between 0 and 65535 (0 picks a free port), got "
              + c.port()
              + "; set --port or LLMKIT_PORT");
    }
    positive(problems, "max_payload_bytes", c.maxPayloadBytes());
    positive(problems, "max_inputs", c.maxInputs());
    positive(problems, "shutdown_timeout_ms", c.shutdownTimeoutMs());
    for (int i = 0; i < c.apiKeys().size(); i++) {
      if (c.apiKeys().get(i) == null || c.apiKeys().get(i).isBlank()) {
        problems.add("api_keys[" + i + "] is empty; remove it or give a key");
      }
    }
    for (String origin : c.corsOrigins()) {
      if (origin == null || !ORIGIN.matcher(origin).matches()) {
        problems.add(
            "cors_origins entry '"
                + origin
                + "' is not an origin: use '*' or scheme://host[:port] without a path");
      }
    }
    task(problems, "ner", c.ner());
    task(problems, "qa", c.qa());
    task(problems, "embed", c.embed());
    task(problems, "generate", c.generate());
    task(problems, "tokenize", c.tokenize());
    task(problems, "fill_mask", c.fillMask());
    retrieval(problems, c.retrieval());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static void retrieval(List<String> problems, RetrievalConfig r) {
    try {
      dev.llmkit.server.retrieval.StoreKind.parse(r.store());
    } catch (RuntimeException e) {
      problems.add("retrieval.store: " + e.getMessage());
    }
    positive(problems, "retrieval.segment_tokens", r.segmentTokens());
    if (r.overlapTokens() < 0 || r.overlapTokens() >= r.segmentTokens()) {
      problems.add(
          "retrieval.overlap_tokens must be >= 0 and below segment_tokens ("
              + r.segmentTokens()
              + "), got "
              + r.overlapTokens());
    }
  }

  private static void task(List<String> problems, String name, TaskConfig t) {
    if (t == null) {
      problems.add(name + " settings are missing (null)");
      return;
    }
    positive(problems, name + ".max_input_tokens", t.maxInputTokens());
    positive(problems, name + ".max_request_tokens", t.maxRequestTokens());
    positive(problems, name + ".timeout_ms", t.timeoutMs());
    positive(problems, name + ".max_batch_tokens", t.maxBatchTokens());
    positive(problems, name + ".max_batch_size", t.maxBatchSize());
    positive(problems, name + ".max_queue_size", t.maxQueueSize());
    if (t.maxWaitMs() < 0) {
      problems.add(name + ".max_wait_ms must be >= 0, got " + t.maxWaitMs());
    }
    if (t.onTooLong() == null) {
      problems.add(name + ".on_too_long must be one of truncate, chunk, error");
    } else if (name.equals("generate") && t.onTooLong() == TooLongPolicy.CHUNK) {
      problems.add("generate.on_too_long must be truncate or error: a prompt cannot be chunked");
    } else if (name.equals("fill_mask") && t.onTooLong() == TooLongPolicy.CHUNK) {
      problems.add(
          "fill_mask.on_too_long must be truncate or error: a masked text cannot be chunked");
    }
    if (t.maxInputTokens() > t.maxBatchTokens() && t.maxBatchTokens() > 0) {
      problems.add(
          name
              + ".max_batch_tokens ("
              + t.maxBatchTokens()
              + ") must be at least "
              + name
              + ".max_input_tokens ("
              + t.maxInputTokens()
              + "): one input must fit in a batch");
    }
    if (t.device() == null || !DEVICE.matcher(t.device()).matches()) {
      problems.add(name + ".device must be auto, cpu or cuda[:N], got '" + t.device() + "'");
    }
    try {
      Precision precision = Precision.parse(t.dtype());
      if (name.equals("generate") && precision != Precision.FLOAT32) {
        problems.add(
            "generate.dtype must be float32: GPT-2 loads in float32 (its decoding steps on the CPU"
                + " read float16 copies of the weights)");
      }
    } catch (DeviceException e) {
      problems.add(name + ".dtype: " + e.getMessage());
    }
    if (t.enabled()) {
      model(problems, name, t.model());
    }
  }

  private static void model(List<String> problems, String task, String model) {
    boolean looksLikePath =
        model.startsWith("/")
            || model.startsWith(".")
            || model.startsWith("~")
            || model.contains("\\")
            || Files.exists(Path.of(model));
    if (looksLikePath) {
      Path dir = Path.of(model);
      if (!Files.isDirectory(dir)) {
        problems.add(
            task
                + ".model: directory "
                + model
                + " does not exist; give a model directory or a Hub id");
      } else if (!Files.isRegularFile(dir.resolve("config.json"))
          && !Files.isRegularFile(dir.resolve("tokenizer.json"))
          && !Files.isRegularFile(dir.resolve("vocab.txt"))
          && !Files.isRegularFile(dir.resolve("vocab.json"))) {
        problems.add(
            task
                + ".model: directory "
                + model
                + " holds no config.json nor tokenizer files; is it a Hugging Face model directory?");
      }
    } else if (!HUB_ID.matcher(model).matches()) {
      problems.add(
          task
              + ".model: '"
              + model
              + "' is neither an existing directory nor a Hub id like owner/name");
    }
  }

  private static void positive(List<String> problems, String name, long value) {
    if (value <= 0) {
      problems.add(name + " must be > 0, got " + value);
    }
  }
}
