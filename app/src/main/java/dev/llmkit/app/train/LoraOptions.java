package dev.llmkit.app.train;

import dev.llmkit.inference.peft.LoraConfig;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The LoRA options of {@code train ner|qa}, with PEFT's names and defaults ({@code r}, {@code
 * lora_alpha}, {@code lora_dropout}, {@code target_modules}).
 */
public final class LoraOptions {

  @Option(
      names = "--lora-rank",
      paramLabel = "R",
      description =
          "Train rank-R LoRA adapters and the head instead of the whole model; saved in PEFT's layout.")
  Integer rank;

  @Option(
      names = "--lora-alpha",
      paramLabel = "A",
      description =
          "LoRA scaling numerator: updates are scaled by A/R (default: R, PEFT's 8 at R=8).")
  Double alpha;

  @Option(
      names = "--lora-dropout",
      paramLabel = "P",
      description = "Dropout on the adapters' input while training (default 0).")
  double dropout;

  @Option(
      names = "--lora-targets",
      paramLabel = "NAMES",
      split = ",",
      description =
          "Modules to adapt, by name or name suffix (default query,value; 'dense' adds every"
              + " feed-forward and attention-output projection).")
  List<String> targets;

  /**
   * The adapter config, or {@code null} when {@code --lora-rank} is absent.
   *
   * @param base what {@code --base} said, recorded as {@code base_model_name_or_path}
   */
  LoraConfig config(String base) {
    if (rank == null) {
      if (alpha != null || dropout != 0 || targets != null) {
        throw new IllegalArgumentException(
            "--lora-alpha, --lora-dropout and --lora-targets need --lora-rank");
      }
      return null;
    }
    return new LoraConfig(
        base,
        rank,
        alpha == null ? rank : alpha,
        dropout,
        targets == null ? LoraConfig.DEFAULT_TARGETS : targets,
        List.of(),
        null);
  }
}
