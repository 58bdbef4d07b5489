package dev.llmkit.inference.store;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Hub and its cache are, read from the same environment variables as {@code
 * huggingface_hub.constants}: {@code HF_HOME} (default {@code $XDG_CACHE_HOME/huggingface} or
 * {@code ~/.cache/huggingface}), {@code HF_HUB_CACHE} (default {@code $HF_HOME/hub}), {@code
 * HF_ENDPOINT} (default {@code https://huggingface.co}), {@code HF_TOKEN} (else the file {@code
 * $HF_HOME/token} that {@code huggingface-cli login} writes) and {@code HF_HUB_OFFLINE}.
 *
 * @param hubCache the cache root holding {@code models--org--name} folders
 * @param endpoint the Hub base URL, without a trailing slash
 * @param token the bearer token, if any
 * @param offline whether to use only the cache
 */
public record HubSettings(Path hubCache, URI endpoint, Optional<String> token, boolean offline) {

  /** The public Hub. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

  /** Validates and normalises the endpoint. */
  public HubSettings {
    Objects.requireNonNull(hubCache, "hubCache");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(token, "token");
    String scheme = endpoint.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException("Hub endpoint must be an http(s) URL, got " + endpoint);
    }
    String s = endpoint.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    endpoint = URI.create(s);
    token = token.map(String::strip).filter(t -> !t.isEmpty());
  }

  /**
   * Reads the process environment, like {@code huggingface_hub} does.
   *
   * @return the settings
   */
  public static HubSettings fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * Reads the given environment (injectable for tests).
   *
   * @param env environment variables
   * @param userHome the home directory {@code ~} expands to
   * @return the settings
   */
  public static HubSettings fromEnvironment(Map<String, String> env, Path userHome) {
    Path cacheHome =
        nonBlank(env.get("XDG_CACHE_HOME"))
            .map(p -> expand(p, userHome))
            .orElse(userHome.resolve(".cache"));
    Path hfHome =
        nonBlank(env.get("HF_HOME"))
            .map(p -> expand(p, userHome))
            .orElse(cacheHome.resolve("huggingface"));
    Path hubCache =
        nonBlank(env.get("HF_HUB_CACHE"))
            .or(() -> nonBlank(env.get("HUGGINGFACE_HUB_CACHE")))
            .map(p -> expand(p, userHome))
            .orElse(hfHome.resolve("hub"));
    URI endpoint = nonBlank(env.get("HF_ENDPOINT")).map(URI::create).orElse(DEFAULT_ENDPOINT);
    Optional<String> token =
        nonBlank(env.get("HF_TOKEN"))
            .or(() -> nonBlank(env.get("HUGGING_FACE_HUB_TOKEN")))
            .or(
                () ->
                    readToken(
                        nonBlank(env.get("HF_TOKEN_PATH"))
                            .map(p -> expand(p, userHome))
                            .orElse(hfHome.resolve("token"))));
    boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
    return new HubSettings(hubCache, endpoint, token, offline);
  }

  /**
   * @param offline whether to use only the cache
   * @return a copy with that offline flag
   */
  public HubSettings withOffline(boolean offline) {
    return new HubSettings(hubCache, endpoint, token, offline);
  }

  /** {@code huggingface_hub.utils._is_true}: 1, ON, YES, TRUE (any case). */
  static boolean isTrue(String value) {
    if (value == null) {
      return false;
    }
    String v = value.strip().toUpperCase(Locale.ROOT);
    return v.equals("1") || v.equals("ON") || v.equals("YES") || v.equals("TRUE");
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static Path expand(String path, Path userHome) {
    if (path.equals("~")) {
      return userHome;
    }
    if (path.startsWith("~/")) {
      return userHome.resolve(path.substring(2));
    }
    return Path.of(path);
  }

  private static Optional<String> readToken(Path file) {
    try {
      return Files.isRegularFile(file)
          ? nonBlank(Files.readString(file, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Hides the token. */
  @Override
  public String toString() {
    return "HubSettings[hubCache="
        + hubCache
        + ", endpoint="
        + endpoint
        + ", token="
        + (token.isPresent() ? "***" : "none")
        + ", offline="
        + offline
        + "]";
  }
}
