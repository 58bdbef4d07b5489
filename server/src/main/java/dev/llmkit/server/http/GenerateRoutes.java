package dev.llmkit.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorResponse;
import dev.llmkit.server.service.FinishReason;
import dev.llmkit.server.service.GeneratedToken;
import dev.llmkit.server.service.Generation;
import dev.llmkit.server.service.GenerationParameters;
import dev.llmkit.server.service.GenerationService;
import dev.llmkit.server.service.TokenListener;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /generate} and {@code POST /generate_stream} in TGI's shapes (<a
 * href="https://huggingface.github.io/text-generation-inference/">TGI API</a>). Streams are
 * server-sent events, one per token, the last one carrying {@code generated_text} and {@code
 * details}; a client that disconnects cancels its generation.
 */
public final class GenerateRoutes {

  private static final Logger log = LoggerFactory.getLogger(GenerateRoutes.class);

  /** Between events a comment is sent this often, so that a gone client is noticed. */
  private static final long KEEP_ALIVE_MS = 1_000;

  /** {@code /generate} response. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Response(String generatedText, Details details) {}

  /**
   * {@code details} of {@code /generate}; {@code top_tokens} (per step, the {@code top_n_tokens}
   * most likely tokens) only when asked for, as TGI.
   */
  public record Details(
      FinishReason finishReason,
      int generatedTokens,
      Long seed,
      List<GeneratedToken> prefill,
      List<GeneratedToken> tokens,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<GeneratedToken>> topTokens) {}

  /**
   * One server-sent event: {@code generated_text} and {@code details} only on the last; {@code
   * top_tokens} only when {@code top_n_tokens} was asked for.
   */
  public record StreamEvent(
      int index,
      GeneratedToken token,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<GeneratedToken> topTokens,
      String generatedText,
      StreamDetails details) {}

  /** A token and the most likely tokens at its step, queued for the stream. */
  private record Step(GeneratedToken token, List<GeneratedToken> topTokens) {}

  /** {@code details} of the last event. */
  public record StreamDetails(FinishReason finishReason, int generatedTokens, Long seed) {}

  private record Done(Generation generation, Throwable failure) {}

  private final ModelSlot<GenerationService> slot;
  private final Limits limits;
  private final TokenListener counting;

  /**
   * Creates the routes.
   *
   * @param generatedTokens counts every token the model generates, as it is generated (so a
   *     generation that goes on after its client left would show here)
   */
  public GenerateRoutes(ModelSlot<GenerationService> slot, Limits limits, Counter generatedTokens) {
    this.slot = slot;
    this.limits = limits;
    this.counting = token -> generatedTokens.increment();
  }

  /** {@code POST /generate}: streams when {@code "stream": true}. */
  public void generate(Context ctx) {
    GenerateRequest request = Bodies.read(ctx, GenerateRequest.class, limits.maxPayloadBytes());
    if (Boolean.TRUE.equals(request.stream())) {
      stream(ctx, request);
      return;
    }
    String prompt = prompt(request);
    GenerationService service = slot.require();
    GenerationParameters parameters = request.effective(limits.task(), service.defaults());
    ctx.future(
        () ->
            Calls.withDeadline(
                    "generate",
                    limits.task().timeout(),
                    () -> service.generate(prompt, parameters, counting))
                .thenAccept(
                    generation -> {
                      Respond.model(ctx, service.model(), parameters);
                      String text =
                          parameters.returnFullText()
                              ? prompt + generation.generatedText()
                              : generation.generatedText();
                      Details details =
                          parameters.details()
                              ? new Details(
                                  generation.finishReason(),
                                  generation.tokens().size(),
                                  generation.seed(),
                                  List.of(),
                                  generation.tokens(),
                                  generation.topTokens())
                              : null;
                      ctx.json(new Response(text, details));
                    }));
  }

  /** {@code POST /generate_stream}. */
  public void generateStream(Context ctx) {
    stream(ctx, Bodies.read(ctx, GenerateRequest.class, limits.maxPayloadBytes()));
  }

  private void stream(Context ctx, GenerateRequest request) {
    String prompt = prompt(request);
    GenerationService service = slot.require();
    GenerationParameters parameters = request.effective(limits.task(), service.defaults());
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    CompletableFuture<Generation> generation =
        Calls.withDeadline(
            "generate",
            limits.task().timeout(),
            () ->
                service.generate(
                    prompt,
                    parameters,
                    new TokenListener() {
                      @Override
                      public void onToken(GeneratedToken token) {
                        onToken(token, List.of());
                      }

                      @Override
                      public void onToken(GeneratedToken token, List<GeneratedToken> topTokens) {
                        counting.onToken(token);
                        events.add(new Step(token, topTokens));
                      }
                    }));
    generation.whenComplete((g, e) -> events.add(new Done(g, e)));

    Respond.model(ctx, service.model(), parameters);
    ctx.contentType("text/event-stream");
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Accel-Buffering", "no");
    try {
      OutputStream out = ctx.res().getOutputStream();
      ctx.res().flushBuffer();
      writeEvents(out, events, prompt, parameters);
    } catch (IOException e) {
      log.debug("stream client went away; cancelling its generation");
      generation.cancel(true);
    } catch (InterruptedException e) {
      generation.cancel(true);
      Thread.currentThread().interrupt();
    }
  }

  private static void writeEvents(
      OutputStream out,
      BlockingQueue<Object> events,
      String prompt,
      GenerationParameters parameters)
      throws IOException, InterruptedException {
    Step held = null;
    int index = 0;
    while (true) {
      Object event = events.poll(KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
      if (event == null) {
        write(out, ": keep-alive\n\n");
        continue;
      }
      if (event instanceof Step step) {
        // Hold one token back: TGI's last event carries the last token and the summary.
        if (held != null) {
          index++;
          write(
              out,
              "data:"
                  + json(new StreamEvent(index, held.token(), held.topTokens(), null, null))
                  + "\n\n");
        }
        held = step;
        continue;
      }
      Done done = (Done) event;
      if (done.failure() != null) {
        ApiException error = ErrorMapper.toApi(done.failure());
        write(out, "data:" + json(ErrorResponse.of(error)) + "\n\n");
        return;
      }
      Generation g = done.generation();
      String text = parameters.returnFullText() ? prompt + g.generatedText() : g.generatedText();
      StreamDetails details = new StreamDetails(g.finishReason(), g.tokens().size(), g.seed());
      GeneratedToken last = held == null ? null : held.token();
      List<GeneratedToken> lastTop = held == null ? List.of() : held.topTokens();
      write(out, "data:" + json(new StreamEvent(index + 1, last, lastTop, text, details)) + "\n\n");
      return;
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("event not serializable", e);
    }
  }

  private static String prompt(GenerateRequest request) {
    if (request.inputs() == null) {
      throw ApiException.validation("'inputs' is required: the prompt string");
    }
    String prompt = Check.text("inputs", request.inputs());
    if (prompt.isEmpty()) {
      throw ApiException.of(dev.llmkit.server.error.ErrorType.EMPTY, "inputs must not be empty");
    }
    return prompt;
  }
}
