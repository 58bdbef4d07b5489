package dev.llmkit.inference.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.nn.Parameters;
import dev.llmkit.inference.peft.LoraConfig;
import dev.llmkit.inference.runtime.LoadedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
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
   * Loads the encoder to train, with its tokenizer, through {@link LoadedModel} on the run's
   * device, and says which of its parameters train.
   *
   * @param head the task head's module name ({@code classifier}, {@code qa_outputs})
   * @param keptHeadOutputs the outputs of a head of that name that the base may already have and
   *     that training goes on from (QA's 2 logits, as {@code from_pretrained} keeps a head that
   *     fits); 0 to always start a new head (NER, whose labels may differ from the base's)
   * @param taskType PEFT's task type ({@code TOKEN_CLS}, {@code QUESTION_ANS})
   */
  public EncoderSetup encoderSetup(
      Path base, Placement placement, String head, long keptHeadOutputs, String taskType) {
    String kept = keptHeadOutputs > 0 ? head : null;
    LoraConfig config = lora == null ? null : lora.forTask(List.of(head), taskType);
    Predicate<String> frozen;
    if (config != null) {
      frozen = EncoderTraining.frozenByLora(config.modulesToSave());
    } else {
      frozen = freezeWordEmbeddings ? EncoderTraining.WORD_EMBEDDINGS : name -> false;
    }
    LoadedModel<Encoder> model =
        LoadedModel.load(
            base,
            placement,
            (dir, manager, dtype) ->
                EncoderModels.loadEncoderForTraining(dir, manager, config, kept, keptHeadOutputs));
    return new EncoderSetup(model, frozen, config);
  }

  /**
   * An encoder ready to train; closing it frees the encoder, its tokenizer and its manager.
   *
   * @param model the encoder (with LoRA updates when {@code lora} is set) and its tokenizer
   * @param frozen parameters that do not train
   * @param lora the adapter's config, or {@code null} for full fine-tuning
   */
  public record EncoderSetup(LoadedModel<Encoder> model, Predicate<String> frozen, LoraConfig lora)
      implements AutoCloseable {

    /** The encoder. */
    public Encoder encoder() {
      return model.model();
    }

    /**
     * The task head {@code name} of {@code outputs} outputs: the base checkpoint's own when the
     * loader kept it (see {@link #encoderSetup}), else a new one ({@link EncoderTraining#newHead}).
     */
    public Linear head(String name, long outputs) {
      Parameters parameters = encoder().parameters();
      if (parameters.asMap().containsKey(name + ".weight")) {
        return new Linear(parameters.get(name + ".weight"), parameters.get(name + ".bias"));
      }
      return EncoderTraining.newHead(parameters, name, encoder().hiddenSize(), outputs);
    }

    /**
     * Writes the trained model into {@code run}'s output as the family's task architecture (the
     * supported class ending in {@code taskSuffix}, e.g. {@code BertForTokenClassification}): every
     * weight, or the PEFT adapter when training LoRA.
     *
     * @param configEdit edits the base's {@code config.json}, given the architecture's name
     */
    public void save(
        TrainingRun run, String taskSuffix, BiConsumer<ObjectNode, String> configEdit) {
      Encoder encoder = encoder();
      String architecture =
          encoder.family().supportedClasses().stream()
              .filter(c -> c.endsWith(taskSuffix))
              .findFirst()
              .orElseThrow();
      EncoderTraining.save(
          model.directory(),
          encoder.parameters(),
          run.output(),
          run.saveDtype(),
          lora,
          config -> configEdit.accept(config, architecture));
    }

    @Override
    public void close() {
      model.close();
    }
  }
}
