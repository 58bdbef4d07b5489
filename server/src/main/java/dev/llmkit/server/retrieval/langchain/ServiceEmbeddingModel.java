package dev.llmkit.server.retrieval.langchain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmkit.server.retrieval.Blocking;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.Embeddings;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server's {@link EmbeddingService} as a LangChain4j {@link EmbeddingModel}: retrieval embeds
 * documents and queries through the same queue, input limits and metrics as {@code POST /embed},
 * with the one copy of the model the server holds. Vectors are L2-normalised; texts longer than the
 * model takes are truncated (segments are cut to fit already).
 */
public final class ServiceEmbeddingModel implements EmbeddingModel {

  private final Supplier<? extends EmbeddingService> service;
  private final String modelName;

  /**
   * @param service the service, looked up at each call (a model still loading answers 503)
   * @param modelName the name stored beside the vectors
   */
  public ServiceEmbeddingModel(Supplier<? extends EmbeddingService> service, String modelName) {
    this.service = Objects.requireNonNull(service, "service");
    this.modelName = Objects.requireNonNull(modelName, "modelName");
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<String> texts = segments.stream().map(TextSegment::text).toList();
    Embeddings e = Blocking.join(service.get().embed(texts, new EmbedParameters(true, true)));
    return Response.from(
        e.vectors().stream().map(Embedding::from).toList(), new TokenUsage(e.promptTokens()));
  }

  @Override
  public int dimension() {
    return service.get().dimensions();
  }

  @Override
  public String modelName() {
    return modelName;
  }
}
