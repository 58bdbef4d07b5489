package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.llmkit.inference.bert.BertConfig;
import dev.llmkit.inference.bert.BertEncoder;
import dev.llmkit.inference.distilbert.DistilBertEncoder;
import dev.llmkit.inference.nn.LayerNorm;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.peft.LoraConfig;
import dev.llmkit.inference.peft.PeftAdapter;
import dev.llmkit.inference.roberta.RobertaEncoder;
import dev.llmkit.inference.safetensors.SafetensorsException;
import dev.llmkit.inference.safetensors.TensorReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads BERT-family models from a Hugging Face model directory ({@code config.json} plus {@code
 * model.safetensors} or a sharded {@code model.safetensors.index.json}).
 *
 * <pre>{@code
 * try (NDManager base = NDManager.newBaseManager();
 *     TokenClassifier ner = EncoderModels.loadTokenClassifier(dir, base)) {
 *   try (NDManager request = base.newSubManager()) {
 *     NDArray logits = ner.logits(ids, mask, types); // (B, T, L), ids created in request
 *   }
 * }
 * }</pre>
 *
 * <p>Weights are owned by a child of the given manager (so they live on its device) and are freed
 * when the returned model is closed.
 */
public final class EncoderModels {

  private static final Logger LOG = LoggerFactory.getLogger(EncoderModels.class);

  private EncoderModels() {}

  /** The bare encoder in fp32. Task checkpoints load too; their heads are left unused. */
  public static Encoder loadEncoder(Path dir, NDManager manager) {
    return loadEncoder(dir, manager, DataType.FLOAT32);
  }

  /**
   * The bare encoder.
   *
   * @param dtype FLOAT32, FLOAT16 (for CUDA), or BFLOAT16 or INT8 (float32 weights, linear layers
   *     run on bfloat16 or dynamically quantized int8 copies on the CPU)
   * @throws ModelLoadException if the directory, config or weights do not make a supported model
   */
  public static Encoder loadEncoder(Path dir, NDManager manager, DataType dtype) {
    return load(dir, manager, dtype, null, (config, encoder, binder) -> null).encoder();
  }

  /**
   * The bare encoder in fp32 for fine-tuning: with fresh LoRA updates when {@code lora} is set, and
   * with the checkpoint's own head {@code head} of {@code headOutputs} outputs among its parameters
   * ({@code head.weight}, {@code head.bias}) when the checkpoint has one of that shape, as {@code
   * from_pretrained} keeps the head of a model of the same task.
   *
   * @param lora the adapters to add, or {@code null} for none
   * @param head the head's module name, or {@code null} to bind none
   */
  public static Encoder loadEncoderForTraining(
      Path dir, NDManager manager, LoraConfig lora, String head, long headOutputs) {
    return load(
            dir,
            manager,
            DataType.FLOAT32,
            lora,
            (config, encoder, binder) ->
                head == null
                    ? null
                    : binder.headLinearIfPresent(head, encoder.hiddenSize(), headOutputs))
        .encoder();
  }

  /** A token classifier ({@code classifier} head) in fp32. */
  public static TokenClassifier loadTokenClassifier(Path dir, NDManager manager) {
    return loadTokenClassifier(dir, manager, DataType.FLOAT32);
  }

  /**
   * A token classifier. Labels come from {@code id2label}; without one, {@code LABEL_i} for each
   * classifier output.
   *
   * @throws ModelLoadException if the checkpoint has no fitting {@code classifier} head
   */
  public static TokenClassifier loadTokenClassifier(Path dir, NDManager manager, DataType dtype) {
    ModelConfig checked = ModelConfig.read(dir);
    if (checked.task().filter(t -> t == ModelTask.SEQUENCE_CLASSIFICATION).isPresent()) {
      // Same tensor name ("classifier"), different meaning: refuse rather than tag nonsense.
      throw new ModelLoadException(
          checked.source()
              + ": "
              + checked.architectures()
              + " classifies whole sequences; a token-classification checkpoint is needed");
    }
    Loaded<LabeledHead> loaded =
        load(
            dir,
            manager,
            dtype,
            null,
            (config, encoder, binder) -> {
              Labels labels = config.labels();
              if (labels.size() == 0) {
                long[] shape = binder.headShape("classifier.weight");
                labels = Labels.generic(shape == null ? 0 : (int) shape[0]);
              }
              Linear classifier =
                  binder.headLinear("classifier", encoder.hiddenSize(), labels.size());
              return new LabeledHead(classifier, labels);
            });
    return new TokenClassifier(loaded.encoder(), loaded.head().linear(), loaded.head().labels());
  }

  /** An extractive QA model ({@code qa_outputs} head) in fp32. */
  public static QuestionAnswerer loadQuestionAnswerer(Path dir, NDManager manager) {
    return loadQuestionAnswerer(dir, manager, DataType.FLOAT32);
  }

  /**
   * An extractive QA model.
   *
   * @throws ModelLoadException if the checkpoint has no fitting {@code qa_outputs} head
   */
  public static QuestionAnswerer loadQuestionAnswerer(Path dir, NDManager manager, DataType dtype) {
    Loaded<Linear> loaded =
        load(
            dir,
            manager,
            dtype,
            null,
            (config, encoder, binder) -> binder.headLinear("qa_outputs", encoder.hiddenSize(), 2));
    return new QuestionAnswerer(loaded.encoder(), loaded.head());
  }

  /**
   * A BERT masked-language model ({@code cls.predictions} head), for fill-mask.
   *
   * @throws ModelLoadException if the checkpoint is not a BERT with its masked-LM head
   */
  public static MaskedLanguageModel loadMaskedLanguageModel(
      Path dir, NDManager manager, DataType dtype) {
    Loaded<MaskedLanguageModel> loaded =
        load(
            dir,
            manager,
            dtype,
            null,
            (config, encoder, binder) -> {
              if (!(encoder instanceof BertEncoder bert) || encoder.family() != ModelFamily.BERT) {
                throw new ModelLoadException(
                    config.source()
                        + ": fill-mask needs a BERT checkpoint with its masked-LM head");
              }
              if (!binder.hasHeadTensor("cls.predictions.transform.dense.weight")) {
                throw new ModelLoadException(
                    config.source()
                        + " has no masked-LM head (cls.predictions.*): it was not saved as"
                        + " BertForMaskedLM or BertForPreTraining");
              }
              BertConfig c = bert.config();
              int h = c.hiddenSize();
              int v = c.vocabSize();
              Linear transform = binder.headLinear("cls.predictions.transform.dense", h, h);
              LayerNorm norm =
                  binder.headLayerNorm("cls.predictions.transform.LayerNorm", h, c.layerNormEps());
              NDArray weight =
                  binder.hasHeadTensor("cls.predictions.decoder.weight")
                      ? binder.headTensor("cls.predictions.decoder.weight", v, h)
                      : encoder
                          .parameters()
                          .get(
                              ModelFamily.BERT.basePrefix() + ".embeddings.word_embeddings.weight");
              NDArray bias =
                  binder.headTensorOf(
                      List.of("cls.predictions.bias", "cls.predictions.decoder.bias"), v);
              return new MaskedLanguageModel(
                  encoder, transform, c.hiddenAct(), norm, new Linear(weight, bias));
            });
    return loaded.head();
  }

  /** Binds a head once the encoder is bound, before the binding is checked. */
  @FunctionalInterface
  private interface HeadBinding<H> {
    H bind(ModelConfig config, Encoder encoder, CheckpointBinder binder);
  }

  private record Loaded<H>(Encoder encoder, H head) {}

  private record LabeledHead(Linear linear, Labels labels) {}

  private static <H> Loaded<H> load(
      Path dir, NDManager manager, DataType dtype, LoraConfig lora, HeadBinding<H> headBinding) {
    if (!List.of(DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16, DataType.INT8)
        .contains(dtype)) {
      throw new IllegalArgumentException(
          "weights must be FLOAT32, FLOAT16, BFLOAT16 or INT8, not " + dtype);
    }
    ModelConfig config = ModelConfig.read(dir);
    ModelFamily family = config.family();
    if (!family.isEncoder()) {
      throw new ModelLoadException(
          config.source()
              + ": "
              + family.modelType()
              + " is not an encoder; encoder families: "
              + Arrays.stream(ModelFamily.values())
                  .filter(ModelFamily::isEncoder)
                  .map(ModelFamily::modelType)
                  .collect(Collectors.joining(", ")));
    }
    NDManager modelManager = manager.newSubManager();
    try (TensorReader reader = PeftAdapter.openCheckpoint(dir)) {
      CheckpointBinder binder =
          new CheckpointBinder(reader, family.basePrefix(), modelManager, dtype);
      if (lora != null) {
        binder.withLora(lora);
      }
      Encoder encoder =
          switch (family) {
            case BERT -> BertEncoder.bind(config, binder);
            case DISTILBERT -> DistilBertEncoder.bind(config, binder);
            case ROBERTA -> RobertaEncoder.bind(config, binder);
            case GPT2 -> throw new IllegalStateException("not an encoder");
          };
      H head = headBinding.bind(config, encoder, binder);
      binder.finish();
      LOG.info(
          "Loaded {} from {}: {} tensors, {} weights, {}",
          family,
          dir,
          binder.parameters().size(),
          binder.parameters().elementCount(),
          dtype);
      return new Loaded<>(encoder, head);
    } catch (SafetensorsException e) {
      modelManager.close();
      throw new ModelLoadException(e.getMessage(), e);
    } catch (RuntimeException e) {
      modelManager.close();
      throw e;
    }
  }
}
