package dev.llmkit.server.retrieval.qa;

import dev.llmkit.inference.qa.Answer;
import dev.llmkit.server.retrieval.Blocking;
import dev.llmkit.server.service.QaAnswer;
import dev.llmkit.server.service.QaParameters;
import dev.llmkit.server.service.QaService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link PassageReader} over the server's {@link QaService}: open-book {@code /qa}, {@code ask}
 * and the retrieval benchmark read passages through the same queue, limits and metrics as {@code
 * POST /qa}, with the one copy of the model the server holds. The passages of one question go to
 * the queue together and are batched with other requests.
 */
public final class ServiceQaReader implements PassageReader {

  /** Hugging Face's question-answering defaults, best answer only. */
  private static final QaParameters BEST = new QaParameters(1, 128, 15, 384, 64, false);

  private final Supplier<? extends QaService> service;

  /** Reads with the service, looked up at each call (a model still loading answers 503). */
  public ServiceQaReader(Supplier<? extends QaService> service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @Override
  public List<Answer> read(String question, List<String> passages) {
    QaService qa = service.get();
    List<CompletableFuture<List<QaAnswer>>> futures = new ArrayList<>(passages.size());
    for (String passage : passages) {
      futures.add(qa.answer(question, passage, BEST));
    }
    List<Answer> best = new ArrayList<>(passages.size());
    for (CompletableFuture<List<QaAnswer>> future : futures) {
      List<QaAnswer> answers = Blocking.join(future);
      if (answers.isEmpty()) {
        best.add(Answer.none(0));
      } else {
        QaAnswer a = answers.get(0);
        best.add(
            new Answer(a.score(), a.start(), a.end(), a.utf16Start(), a.utf16End(), a.answer()));
      }
    }
    return best;
  }
}
