package dev.llmkit.server.playground;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * The learner's playground: {@code GET /} and its static files under {@code /playground/}, shipped
 * in the jar (nothing to build, no network). The page itself needs no API key; it asks for one and
 * sends it with every API call.
 */
public final class PlaygroundRoutes {

  /** Path prefix of the playground's static files. */
  public static final String ASSETS = "/playground/";

  private static final String ROOT = "/dev/llmkit/server/playground/";

  /** Scripts and styles from this server only; no inline code, no third-party origin. */
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private record Asset(String contentType, byte[] body) {}

  private final Asset index;
  private final Map<String, Asset> assets;

  /** Loads the files once. */
  public PlaygroundRoutes() {
    this.index = load("index.html", "text/html; charset=utf-8");
    this.assets =
        Map.of(
            "playground.css", load("playground.css", "text/css; charset=utf-8"),
            "playground.js", load("playground.js", "text/javascript; charset=utf-8"));
  }

  private static final Set<String> OPEN =
      Set.of("/", ASSETS + "playground.css", ASSETS + "playground.js");

  /** Whether {@code path} is exactly the page or one of its files (open without an API key). */
  public static boolean isPlaygroundPath(String path) {
    return OPEN.contains(path);
  }

  /** {@code GET /}: the page. */
  public void index(Context ctx) {
    send(ctx, index);
  }

  /** {@code GET /playground/{file}}: a script or style sheet. */
  public void asset(Context ctx) {
    Asset asset = assets.get(ctx.pathParam("file"));
    if (asset == null) {
      throw ApiException.of(
          ErrorType.NOT_FOUND, "no playground file '" + ctx.pathParam("file") + "'");
    }
    send(ctx, asset);
  }

  private static void send(Context ctx, Asset asset) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(asset.contentType()).result(asset.body());
  }

  private static Asset load(String name, String contentType) {
    try (InputStream in = PlaygroundRoutes.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("missing playground resource " + name);
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
