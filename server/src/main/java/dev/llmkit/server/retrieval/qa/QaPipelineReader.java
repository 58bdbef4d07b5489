package dev.llmkit.server.retrieval.qa;

import dev.llmkit.inference.qa.Answer;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@link PassageReader} over llmkit's {@link QaPipeline}: all passages in one batched run. */
public final class QaPipelineReader implements PassageReader {

  private final QaPipeline pipeline;
  private final QaOptions options;

  /**
   * Reads with {@code pipeline} (not closed here) and {@code options} ({@code topK} forced to 1).
   */
  public QaPipelineReader(QaPipeline pipeline, QaOptions options) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.options = options.toBuilder().topK(1).build();
  }

  @Override
  public List<Answer> read(String question, List<String> passages) {
    List<QaInput> inputs = new ArrayList<>(passages.size());
    for (String p : passages) {
      inputs.add(new QaInput(question, p));
    }
    List<Answer> best = new ArrayList<>(passages.size());
    for (List<Answer> answers : pipeline.run(inputs, options)) {
      best.add(answers.isEmpty() ? Answer.none(0) : answers.get(0));
    }
    return best;
  }
}
