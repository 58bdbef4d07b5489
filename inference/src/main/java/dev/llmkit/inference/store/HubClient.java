package dev.llmkit.inference.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.store.ModelStoreException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hub's HTTP protocol, as {@code huggingface_hub} speaks it: {@code GET
 * /api/models/{repo}/revision/{rev}} for the commit and file list, {@code HEAD
 * /{repo}/resolve/{rev}/{file}} for a file's commit, etag, size and (CDN) location, then a {@code
 * GET} of that location with {@code Range} resume.
 */
final class HubClient {

  /** A repo at a revision: its commit and file names. */
  record RepoInfo(String sha, List<String> files) {}

  /**
   * {@code HfFileMetadata}: what the HEAD of a resolve URL says about one file.
   *
   * @param commit {@code X-Repo-Commit}
   * @param etag {@code X-Linked-Etag} (LFS: the sha256) or {@code ETag} (git blob sha1), unquoted
   * @param size {@code X-Linked-Size} or {@code Content-Length}; -1 when absent
   * @param location where to GET the bytes (a CDN for LFS files)
   */
  record FileMetadata(String commit, String etag, long size, URI location) {
    /**
     * @return whether the etag is a sha256 of the content (LFS), so the download can be verified
     */
    boolean isSha256() {
      return SHA256.matcher(etag).matches();
    }
  }

  static final int MAX_ATTEMPTS = 3;
  private static final int MAX_REDIRECTS = 10;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubSettings settings;
  private final HttpClient http;
  private final String userAgent;

  HubClient(HubSettings settings, HttpClient http) {
    this.settings = Objects.requireNonNull(settings);
    this.http = Objects.requireNonNull(http);
    this.userAgent = "llmkit/0.1; java/" + Runtime.version().feature();
  }

  /** A client that never follows redirects itself: auth must not leak to the CDN. */
  static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** {@code HfApi.model_info(repo, revision=rev)}, keeping {@code sha} and {@code siblings}. */
  RepoInfo repoInfo(RepoId repo, String revision) {
    URI uri = uri("/api/models/" + repo + "/revision/" + HubHttp.encode(revision, false));
    HttpResponse<byte[]> response =
        exchange(uri, b -> b.GET().timeout(METADATA_TIMEOUT), BodyHandlers.ofByteArray(), true);
    raiseForStatus(response, repo, revision, null);
    try {
      JsonNode root = JSON.readTree(response.body());
      String sha = root.path("sha").asText("");
      if (!HfCacheLayout.isCommitHash(sha)) {
        throw new ModelStoreException(
            Reason.TRANSFER, "the Hub's model info for " + repo + "@" + revision + " has no sha");
      }
      List<String> files = new ArrayList<>();
      for (JsonNode sibling : root.path("siblings")) {
        String name = sibling.path("rfilename").asText("");
        if (!name.isEmpty()) {
          files.add(name);
        }
      }
      return new RepoInfo(sha, List.copyOf(files));
    } catch (IOException e) {
      throw new ModelStoreException(
          Reason.TRANSFER,
          "unreadable model info for " + repo + "@" + revision + " from " + uri,
          e);
    }
  }

  /**
   * {@code get_hf_file_metadata}: HEAD without compression, following only relative redirects
   * (renamed repos) and stopping at absolute ones (the CDN), whose {@code Location} is kept.
   */
  FileMetadata fileMetadata(RepoId repo, String revision, String file) {
    HttpResponse<Void> response =
        exchange(
            resolveUri(repo, revision, file),
            b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(METADATA_TIMEOUT),
            BodyHandlers.discarding(),
            false);
    Optional<String> location = response.headers().firstValue("Location");
    if (HubHttp.isRedirect(response.statusCode()) && location.isPresent()) {
      // An absolute redirect to the CDN: its headers already hold the metadata.
      return metadata(response, response.uri().resolve(location.get()), repo, revision, file);
    }
    raiseForStatus(response, repo, revision, file);
    return metadata(response, response.uri(), repo, revision, file);
  }

  private static FileMetadata metadata(
      HttpResponse<Void> response, URI location, RepoId repo, String revision, String file) {
    HttpHeaders h = response.headers();
    String commit = h.firstValue("X-Repo-Commit").orElse(null);
    String etag = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).orElse(null);
    if (commit == null || etag == null) {
      throw new ModelStoreException(
          Reason.TRANSFER,
          "the Hub did not send X-Repo-Commit and ETag for "
              + repo
              + "@"
              + revision
              + "/"
              + file
              + "; is HF_ENDPOINT a Hugging Face Hub?");
    }
    long size =
        h.firstValue("X-Linked-Size")
            .or(() -> h.firstValue("Content-Length"))
            .map(HubHttp::parseSize)
            .orElse(-1L);
    return new FileMetadata(commit, HubHttp.normalizeEtag(etag), size, location);
  }

  /**
   * {@code http_get}: streams {@code meta.location()} into {@code incomplete}, resuming from its
   * current length with {@code Range}, retrying broken transfers up to {@link #MAX_ATTEMPTS} times.
   * Leaves the file in place after a network failure so a later call can resume.
   */
  void download(
      RepoId repo, String file, FileMetadata meta, Path incomplete, DownloadListener listener) {
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        if (transfer(repo, file, meta, incomplete, listener)) {
          return;
        }
      } catch (IOException e) {
        lastFailure = e;
        LOG.warn(
            "download of {}/{} interrupted (attempt {}/{}): {}",
            repo,
            file,
            attempt,
            MAX_ATTEMPTS,
            e.toString());
      }
    }
    throw new ModelStoreException(
        Reason.TRANSFER,
        "download of "
            + repo
            + "/"
            + file
            + " failed after "
            + MAX_ATTEMPTS
            + " attempts; run again to resume from "
            + incomplete,
        lastFailure);
  }

  /**
   * One GET. Returns true when the file is complete, false to retry immediately.
   *
   * @throws IOException on a broken connection (the caller retries and resumes)
   */
  private boolean transfer(
      RepoId repo, String file, FileMetadata meta, Path incomplete, DownloadListener listener)
      throws IOException {
    long resume = Files.exists(incomplete) ? Files.size(incomplete) : 0L;
    if (meta.size() >= 0 && resume == meta.size()) {
      return true;
    }
    if (meta.size() >= 0 && resume > meta.size()) {
      Files.delete(incomplete);
      resume = 0;
    }
    HttpResponse<InputStream> response = get(meta.location(), resume, repo, file);
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 416) {
        // Range not satisfiable: the partial file does not fit this blob; start over.
        Files.deleteIfExists(incomplete);
        return false;
      }
      raiseForStatus(response, repo, meta.commit(), file);
      boolean append = resume > 0 && status == 206 && HubHttp.contentRangeStart(response) == resume;
      if (!append) {
        resume = 0; // the server ignored Range (200) or sent another range: start over
      }
      if (resume > 0) {
        LOG.info("resuming {}/{} at byte {}", repo, file, resume);
      }
      listener.started(file, meta.size(), resume);
      try (FileChannel out =
          FileChannel.open(
              incomplete,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buffer = new byte[1 << 16];
        long done = resume;
        for (int n; (n = body.read(buffer)) >= 0; ) {
          out.write(ByteBuffer.wrap(buffer, 0, n));
          done += n;
          listener.progressed(file, done, meta.size());
        }
      }
    }
    long size = Files.size(incomplete);
    if (meta.size() >= 0 && size != meta.size()) {
      throw new IOException("received " + size + " bytes of " + file + ", expected " + meta.size());
    }
    return true;
  }

  private HttpResponse<InputStream> get(URI location, long resume, RepoId repo, String file) {
    return exchange(
        location,
        b -> resume > 0 ? b.GET().header("Range", "bytes=" + resume + "-") : b.GET(),
        BodyHandlers.ofInputStream(),
        true);
  }

  /**
   * Sends a request, following redirects by hand: relative ones always (a renamed repo keeps
   * answering at its old URL), absolute ones only when {@code followAbsolute} (not for HEAD, whose
   * redirect to the CDN carries the metadata). The token goes only to the endpoint's own host, as
   * {@code huggingface_hub} drops it for CDN downloads.
   */
  private <T> HttpResponse<T> exchange(
      URI start,
      UnaryOperator<HttpRequest.Builder> method,
      BodyHandler<T> handler,
      boolean followAbsolute) {
    URI uri = start;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<T> response =
          send(method.apply(request(uri, HubHttp.sameHost(uri, settings.endpoint()))), handler);
      Optional<String> location = response.headers().firstValue("Location");
      if (!HubHttp.isRedirect(response.statusCode()) || location.isEmpty()) {
        return response;
      }
      URI target;
      boolean relative;
      try {
        URI next = URI.create(location.get());
        relative = next.getHost() == null;
        target = uri.resolve(next);
      } catch (IllegalArgumentException e) {
        throw new ModelStoreException(
            Reason.TRANSFER, "the Hub redirected " + uri + " to an invalid URL: " + location.get());
      }
      if (!relative && !followAbsolute) {
        return response;
      }
      if (response.body() instanceof InputStream in) {
        HubHttp.closeQuietly(in);
      }
      uri = target;
    }
    throw new ModelStoreException(Reason.TRANSFER, "too many redirects from " + start);
  }

  private HttpRequest.Builder request(URI uri, boolean withToken) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("User-Agent", userAgent)
            .header("Accept-Encoding", "identity");
    if (withToken) {
      settings.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, BodyHandler<T> handler) {
    HttpRequest built = request.build();
    try {
      return http.send(built, handler);
    } catch (IOException e) {
      throw new ModelStoreException(Reason.TRANSFER, "cannot reach " + built.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelStoreException(
          Reason.TRANSFER, "interrupted while fetching " + built.uri(), e);
    }
  }

  /** {@code hf_raise_for_status}: typed errors with the repo, revision and file named. */
  private void raiseForStatus(HttpResponse<?> response, RepoId repo, String revision, String file) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    if (response.body() instanceof InputStream in) {
      HubHttp.closeQuietly(in);
    }
    String what = repo + "@" + revision + (file == null ? "" : "/" + file);
    String code = response.headers().firstValue("X-Error-Code").orElse("");
    String serverMessage =
        response.headers().firstValue("X-Error-Message").map(m -> " (" + m + ")").orElse("");
    if (status == 401 || status == 403) {
      String hint =
          settings.token().isPresent()
              ? "check that HF_TOKEN grants access to it"
              : "it may be private or gated: set HF_TOKEN";
      throw new ModelStoreException(
          Reason.UNAUTHORIZED,
          "the Hub refused access to "
              + what
              + " (HTTP "
              + status
              + (code.isEmpty() ? "" : " " + code)
              + ")"
              + serverMessage
              + "; "
              + hint
              + ", or check the repo id");
    }
    if (status == 404) {
      String kind =
          switch (code) {
            case "RevisionNotFound" -> "revision '" + revision + "' not found in " + repo;
            case "EntryNotFound" -> "file '" + file + "' not found in " + repo + "@" + revision;
            default -> "repository '" + repo + "' not found (revision " + revision + ")";
          };
      throw new ModelStoreException(Reason.NOT_FOUND, kind + serverMessage);
    }
    throw new ModelStoreException(
        Reason.TRANSFER, "the Hub answered HTTP " + status + " for " + what + serverMessage);
  }

  URI resolveUri(RepoId repo, String revision, String file) {
    return uri(
        "/"
            + repo
            + "/resolve/"
            + HubHttp.encode(revision, false)
            + "/"
            + HubHttp.encode(file, true));
  }

  private URI uri(String path) {
    return URI.create(settings.endpoint() + path);
  }
}
