package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.playground.PlaygroundRoutes;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * Optional bearer-token authentication. Keys are compared as SHA-256 digests with {@link
 * MessageDigest#isEqual}, so the time taken reveals neither the keys nor their lengths. The probes
 * {@code /health} and {@code /ready}, the playground page and its static files (which hold no data
 * and ask for the key themselves) and CORS preflights stay open.
 */
public final class ApiKeyAuth implements Handler {

  // Probes (Docker HEALTHCHECK, Kubernetes liveness/readiness) carry no key.
  private static final Set<String> OPEN_PATHS = Set.of("/health", "/ready");

  private final List<byte[]> keyDigests;

  /** Accepts any of {@code keys}; with none, every request passes. */
  public ApiKeyAuth(List<String> keys) {
    this.keyDigests = keys.stream().map(ApiKeyAuth::digest).toList();
  }

  /** Whether any key is configured. */
  public boolean enabled() {
    return !keyDigests.isEmpty();
  }

  @Override
  public void handle(Context ctx) {
    if (!enabled()
        || OPEN_PATHS.contains(ctx.path())
        || PlaygroundRoutes.isPlaygroundPath(ctx.path())
        || ctx.method().name().equals("OPTIONS")) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.of(
          ErrorType.UNAUTHORIZED, "send an API key as 'Authorization: Bearer <key>'");
    }
    byte[] given = digest(header.substring(7).trim());
    boolean match = false;
    for (byte[] key : keyDigests) {
      // No early exit: every key is compared.
      match |= MessageDigest.isEqual(key, given);
    }
    if (!match) {
      throw ApiException.of(ErrorType.UNAUTHORIZED, "the API key is not valid");
    }
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
