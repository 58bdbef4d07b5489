package dev.llmkit.inference.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which files of a Hub repo llmkit needs: configs, tokenizer files and safetensors weights. Legacy
 * weight formats ({@code pytorch_model*.bin}, then {@code tf_model.h5}) are fetched only when a
 * repo has no safetensors at all, so the loader can explain what it found. Weights are taken from
 * the repo root only ({@code onnx/}, {@code openvino/} and similar variant folders are skipped).
 */
public final class FileSelection {

  /** Small metadata files taken whenever present. */
  static final Set<String> METADATA =
      Set.of(
          "config.json",
          "generation_config.json",
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "added_tokens.json",
          "vocab.txt",
          "vocab.json",
          "merges.txt",
          "modules.json",
          "sentence_bert_config.json",
          "config_sentence_transformers.json",
          "1_Pooling/config.json");

  private FileSelection() {}

  /**
   * Picks the files to download from a repo's listing ({@code siblings[].rfilename}).
   *
   * @param repoFiles every file in the repo at the revision
   * @return the files to fetch, metadata first, in listing order
   */
  public static List<String> select(Collection<String> repoFiles) {
    List<String> chosen = new ArrayList<>();
    repoFiles.stream().filter(METADATA::contains).forEach(chosen::add);
    List<Predicate<String>> weightFormats =
        List.of(
            f -> f.endsWith(".safetensors") || f.equals("model.safetensors.index.json"),
            f ->
                (f.startsWith("pytorch_model") && f.endsWith(".bin"))
                    || f.equals("pytorch_model.bin.index.json"),
            f -> f.equals("tf_model.h5"));
    for (Predicate<String> format : weightFormats) {
      List<String> weights =
          repoFiles.stream().filter(f -> !f.contains("/")).filter(format).toList();
      if (!weights.isEmpty()) {
        chosen.addAll(weights);
        break;
      }
    }
    return List.copyOf(chosen);
  }
}
