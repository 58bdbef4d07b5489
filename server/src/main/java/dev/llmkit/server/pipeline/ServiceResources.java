package dev.llmkit.server.pipeline;

import dev.llmkit.server.service.AttentionService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every pipeline service holds besides its pipeline: the resources it closes with itself
 * (model, tokenizer, manager, in the order {@link PipelineLoader} adds them) and the view inside
 * its model that {@code POST /attention} uses.
 *
 * @param <S> the concrete service, returned by the chaining setters
 */
abstract class ServiceResources<S extends ServiceResources<S>> {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile AttentionService attention;

  /** Lets {@code POST /attention} look inside this service's model; returns this service. */
  public S withAttention(AttentionService attention) {
    this.attention = attention;
    return self();
  }

  /** The attention view, once {@link #withAttention} set it. */
  public Optional<AttentionService> attention() {
    return Optional.ofNullable(attention);
  }

  /** Also closes {@code resource} (model, tokenizer, manager) when this service closes. */
  public S alsoClose(AutoCloseable resource) {
    resources.add(resource);
    return self();
  }

  /** Closes what {@link #alsoClose} was given, in order. */
  protected void closeResources() {
    Resources.closeAll(resources);
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }
}
