package dev.llmkit.server.pipeline;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.attention.AttentionMaps;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.server.service.AttentionService;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.tokenization.Tokenizer;
import java.util.function.Supplier;

/** {@link AttentionService}s over the loaded models, by {@link AttentionMaps}. */
final class ModelAttention {

  private ModelAttention() {}

  /** An encoder's attention (the NER, QA or embedding model). */
  static AttentionService encoder(Encoder encoder, Tokenizer tokenizer, NDManager manager) {
    return text -> run(() -> AttentionMaps.ofEncoder(encoder, tokenizer, manager, text));
  }

  /** GPT-2's causal attention. */
  static AttentionService gpt2(Gpt2Model model, Tokenizer tokenizer) {
    return text -> run(() -> AttentionMaps.ofGpt2(model, tokenizer, text));
  }

  private static AttentionService.Attention run(Supplier<AttentionMaps.Map> maps) {
    try {
      AttentionMaps.Map map = maps.get();
      return new AttentionService.Attention(map.tokens(), map.attentions());
    } catch (AttentionMaps.InputException e) {
      if (e.tooLong()) {
        throw new InputTooLongException(e.getMessage());
      }
      throw new InvalidInputException(e.getMessage());
    }
  }
}
