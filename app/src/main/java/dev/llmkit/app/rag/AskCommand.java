package dev.llmkit.app.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.retrieval.FilterJson;
import dev.llmkit.server.retrieval.RetrievalInputException;
import dev.llmkit.server.retrieval.RetrievalMode;
import dev.llmkit.server.retrieval.RetrievalQuery;
import dev.llmkit.server.retrieval.RetrievedSegment;
import dev.llmkit.server.retrieval.StoreAccessException;
import dev.llmkit.server.retrieval.StoreUnavailableException;
import dev.llmkit.server.retrieval.qa.SourcedAnswer;
import dev.llmkit.server.retrieval.store.StoreLockedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit ask "question"}: answers from the ingested documents with sources; without a QA
 * model, shows the best passages.
 */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = "Answer a question from the ingested documents, with the source and its offsets.",
    footer = {"", "Examples:", "  llmkit ask \"Who won Super Bowl 50?\" --qa-model ./squad-model"})
public final class AskCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private RagOptions options;

  @Parameters(index = "0", paramLabel = "QUESTION")
  private String question;

  @Option(names = "--mode", defaultValue = "hybrid", description = "hybrid, vector or bm25.")
  private RetrievalMode mode;

  @Option(names = "--passages", defaultValue = "5", description = "Passages to retrieve.")
  private int passages;

  @Option(names = "--top-k", defaultValue = "1", description = "Answers to show.")
  private int topK;

  @Option(
      names = "--filter",
      paramLabel = "JSON",
      description = "Metadata filter, e.g. '{\"key\":\"ORG\",\"op\":\"eq\",\"value\":\"Apple\"}'.")
  private String filter;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (RagRuntime rag = new RagRuntime(options, options.qaModelOrDefault(), false)) {
      RetrievalQuery q =
          new RetrievalQuery(
              question,
              passages,
              0,
              mode,
              filter == null ? null : FilterJson.parse(new ObjectMapper().readTree(filter)));
      if (!rag.service().canAnswer()) {
        out.println("(no QA model: showing the best passages)");
        for (RetrievedSegment s : rag.service().search(q)) {
          out.printf(
              "%.4f  %s [%d, %d)%n  %s%n", s.score(), s.documentId(), s.start(), s.end(), s.text());
        }
        out.flush();
        return 0;
      }
      List<SourcedAnswer> answers = rag.service().answer(question, q, topK);
      if (answers.isEmpty()) {
        out.println("no answer found");
      }
      for (SourcedAnswer a : answers) {
        out.printf(
            "%s%n  score %.4f (reader %.4f, retrieval %.4f)%n  source %s, chars [%d, %d),"
                + " code points [%d, %d)%n  passage: %s%n",
            a.answer(),
            a.score(),
            a.readerScore(),
            a.retrievalScore(),
            a.documentId(),
            a.utf16Start(),
            a.utf16End(),
            a.start(),
            a.end(),
            a.passage());
      }
      out.flush();
      return 0;
    } catch (StoreLockedException
        | StoreUnavailableException
        | StoreAccessException
        | ConfigException
        | RetrievalInputException e) {
      err.println(e.getMessage());
      return 2;
    }
  }
}
