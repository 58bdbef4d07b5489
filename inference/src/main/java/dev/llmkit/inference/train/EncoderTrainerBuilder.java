package dev.llmkit.inference.train;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.peft.LoraConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The settings the encoder fine-tuning builders (NER, QA) share on top of {@link TrainerBuilder}:
 * what to freeze, or LoRA adapters instead of full fine-tuning.
 *
 * @param <B> the concrete builder
 */
public abstract class EncoderTrainerBuilder<B extends EncoderTrainerBuilder<B>>
    extends TrainerBuilder<B> {

  private boolean freezeWordEmbeddings;
  private LoraConfig lora;

  /**
   * @param defaultTraining the task's default optimiser, schedule and batching
   */
  protected EncoderTrainerBuilder(TrainingConfig defaultTraining) {
    super(defaultTraining);
  }

  /** Keep the word-embedding table fixed (faster steps, smaller difference to ship). */
  public B freezeWordEmbeddings(boolean freeze) {
    this.freezeWordEmbeddings = freeze;
    return self();
  }

  /**
   * Train LoRA adapters and the task head instead of the whole model, and save them in PEFT's
   * layout ({@code modules_to_save} and {@code task_type} are set by the task); {@code null} for
   * full fine-tuning.
   */
  public B lora(LoraConfig lora) {
    this.lora = lora;
    return self();
  }

  /**
   * Loads the encoder to train and says which of its parameters train.
   *
   * @param head the task head's module name ({@code classifier}, {@code qa_outputs})
   * @param taskType PEFT's task type ({@code TOKEN_CLS}, {@code QUESTION_ANS})
   */
  public EncoderSetup encoderSetup(Path base, NDManager manager, String head, String taskType) {
    if (lora == null) {
      Predicate<String> frozen =
          freezeWordEmbeddings ? EncoderTraining.WORD_EMBEDDINGS : name -> false;
      return new EncoderSetup(EncoderModels.loadEncoder(base, manager), frozen, null);
    }
    LoraConfig config = lora.forTask(List.of(head), taskType);
    return new EncoderSetup(
        EncoderModels.loadEncoderWithLora(base, manager, config),
        EncoderTraining.frozenByLora(config.modulesToSave()),
        config);
  }

  /**
   * An encoder ready to train.
   *
   * @param encoder the model (with LoRA updates when {@code lora} is set)
   * @param frozen parameters that do not train
   * @param lora the adapter's config, or {@code null} for full fine-tuning
   */
  public record EncoderSetup(Encoder encoder, Predicate<String> frozen, LoraConfig lora) {}
}
