package dev.llmkit.inference.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A Hugging Face Hub on loopback, speaking the protocol {@code huggingface_hub} expects: the
 * model-info API, HEAD/GET on {@code /resolve/} with {@code X-Repo-Commit}, {@code ETag}, {@code
 * X-Linked-Etag}/{@code X-Linked-Size} and a 302 to a separate "CDN" server for LFS files, which
 * honours {@code Range}. Behaviour switches let a test break the CDN on purpose.
 */
final class FakeHub implements AutoCloseable {

  /** One repo file: its bytes and whether it is stored in LFS (served from the CDN). */
  record RepoFile(byte[] content, boolean lfs) {
    String etag() {
      return lfs ? sha256(content) : gitBlobSha1(content);
    }
  }

  /** One logged request. */
  record Request(String server, String method, String path, String range, String authorization) {}

  static final String TOKEN = "hf_secret_token";

  private final HttpServer hub;
  private final HttpServer cdn;

  /** repo id → branch/tag → commit. */
  private final Map<String, Map<String, String>> refs = new LinkedHashMap<>();

  /** repo id → commit → file name → file. */
  private final Map<String, Map<String, Map<String, RepoFile>>> commits = new LinkedHashMap<>();

  private final Map<String, RepoFile> blobsBySha = new LinkedHashMap<>();
  private final List<String> privateRepos = new ArrayList<>();

  /** old repo id → new repo id, answered with relative 307s as the Hub does after a rename. */
  private final Map<String, String> renamed = new LinkedHashMap<>();

  final List<Request> log = Collections.synchronizedList(new ArrayList<>());

  /** Bytes to send before dropping the connection, for the next N full (non-Range) CDN GETs. */
  volatile int truncateNextGets;

  /** Flip one byte of every LFS body the CDN sends. */
  volatile boolean corruptCdn;

  /** When set, every resolve HEAD answers this ETag instead of the real one (hostile Hub). */
  volatile String etagOverride;

  /** Ignore Range headers (answer 200 with the full body). */
  volatile boolean ignoreRange;

  final AtomicInteger cdnGets = new AtomicInteger();

  FakeHub() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    hub.createContext("/", this::handleHub);
    cdn.createContext("/", this::handleCdn);
    hub.start();
    cdn.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  URI cdnEndpoint() {
    return URI.create("http://127.0.0.1:" + cdn.getAddress().getPort());
  }

  /** Adds a commit with its files and points {@code branch} at it (branch may be null). */
  void addCommit(String repo, String commit, String branch, Map<String, RepoFile> files) {
    commits.computeIfAbsent(repo, r -> new LinkedHashMap<>()).put(commit, files);
    if (branch != null) {
      refs.computeIfAbsent(repo, r -> new LinkedHashMap<>()).put(branch, commit);
    }
    files.values().stream().filter(RepoFile::lfs).forEach(f -> blobsBySha.put(f.etag(), f));
  }

  void rename(String oldId, String newId) {
    renamed.put(oldId, newId);
  }

  void makePrivate(String repo) {
    privateRepos.add(repo);
  }

  List<Request> requests(String server) {
    synchronized (log) {
      return log.stream().filter(r -> r.server().equals(server)).collect(Collectors.toList());
    }
  }

  @Override
  public void close() {
    hub.stop(0);
    cdn.stop(0);
  }

  // ---------------------------------------------------------------- hub

  private void handleHub(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    log.add(
        new Request(
            "hub",
            ex.getRequestMethod(),
            path,
            ex.getRequestHeaders().getFirst("Range"),
            ex.getRequestHeaders().getFirst("Authorization")));
    try (ex) {
      for (var e : renamed.entrySet()) {
        String old = "/" + e.getKey() + "/";
        if (path.contains(old)) {
          ex.getResponseHeaders().add("Location", path.replace(old, "/" + e.getValue() + "/"));
          send(ex, 307, new byte[0]);
          return;
        }
      }
      if (path.startsWith("/api/models/")) {
        modelInfo(ex, path.substring("/api/models/".length()));
      } else if (path.contains("/resolve/")) {
        resolve(ex, path);
      } else {
        send(ex, 404, new byte[0]);
      }
    }
  }

  /** {@code /api/models/{org}/{name}/revision/{rev}}. */
  private void modelInfo(HttpExchange ex, String rest) throws IOException {
    int cut = rest.indexOf("/revision/");
    String repo = rest.substring(0, cut);
    String revision = decode(rest.substring(cut + "/revision/".length()));
    String commit = commitOf(ex, repo, revision);
    if (commit == null) {
      return;
    }
    String siblings =
        commits.get(repo).get(commit).keySet().stream()
            .map(f -> "{\"rfilename\":\"" + f + "\"}")
            .collect(Collectors.joining(","));
    String json =
        "{\"id\":\"" + repo + "\",\"sha\":\"" + commit + "\",\"siblings\":[" + siblings + "]}";
    ex.getResponseHeaders().add("Content-Type", "application/json");
    send(ex, 200, json.getBytes(StandardCharsets.UTF_8));
  }

  /** HEAD or GET {@code /{org}/{name}/resolve/{rev}/{file}}. */
  private void resolve(HttpExchange ex, String path) throws IOException {
    int cut = path.indexOf("/resolve/");
    String repo = path.substring(1, cut);
    String rest = path.substring(cut + "/resolve/".length());
    int slash = rest.indexOf('/');
    String revision = decode(rest.substring(0, slash));
    String fileName = decode(rest.substring(slash + 1));
    String commit = commitOf(ex, repo, revision);
    if (commit == null) {
      return;
    }
    RepoFile file = commits.get(repo).get(commit).get(fileName);
    if (file == null) {
      ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
      send(ex, 404, new byte[0]);
      return;
    }
    var headers = ex.getResponseHeaders();
    headers.add("X-Repo-Commit", commit);
    if (file.lfs()) {
      // The Hub answers LFS files with a redirect to a signed CDN URL and the real etag/size.
      headers.add("ETag", "\"" + gitBlobSha1(("pointer " + file.etag()).getBytes()) + "\"");
      headers.add("X-Linked-Etag", "\"" + file.etag() + "\"");
      headers.add("X-Linked-Size", Long.toString(file.content().length));
      headers.add("Location", cdnEndpoint() + "/repos/" + file.etag() + "?X-Amz-Signature=abc");
      send(ex, 302, new byte[0]);
    } else {
      headers.add("ETag", "\"" + (etagOverride != null ? etagOverride : file.etag()) + "\"");
      if (ex.getRequestMethod().equals("HEAD")) {
        headers.add("Content-Length", Long.toString(file.content().length));
        ex.sendResponseHeaders(200, -1);
      } else {
        send(ex, 200, file.content());
      }
    }
  }

  /** Resolves a revision, answering 401/404 like the Hub when it cannot. */
  private String commitOf(HttpExchange ex, String repo, String revision) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    boolean authorized = ("Bearer " + TOKEN).equals(auth);
    if (!commits.containsKey(repo) || (privateRepos.contains(repo) && !authorized)) {
      // The Hub does not reveal whether a private repo exists.
      ex.getResponseHeaders().add("X-Error-Code", "RepoNotFound");
      ex.getResponseHeaders().add("X-Error-Message", "Invalid username or password.");
      send(ex, 401, new byte[0]);
      return null;
    }
    Map<String, Map<String, RepoFile>> repoCommits = commits.get(repo);
    String commit =
        repoCommits.containsKey(revision)
            ? revision
            : refs.getOrDefault(repo, Map.of()).get(revision);
    if (commit == null) {
      ex.getResponseHeaders().add("X-Error-Code", "RevisionNotFound");
      send(ex, 404, new byte[0]);
    }
    return commit;
  }

  // ---------------------------------------------------------------- cdn

  private void handleCdn(HttpExchange ex) throws IOException {
    String range = ex.getRequestHeaders().getFirst("Range");
    log.add(
        new Request(
            "cdn",
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath(),
            range,
            ex.getRequestHeaders().getFirst("Authorization")));
    cdnGets.incrementAndGet();
    try (ex) {
      String sha = ex.getRequestURI().getPath().substring("/repos/".length());
      RepoFile file = blobsBySha.get(sha);
      if (file == null) {
        send(ex, 404, new byte[0]);
        return;
      }
      byte[] body = file.content().clone();
      if (corruptCdn) {
        body[body.length / 2] ^= 0x5a;
      }
      long start = 0;
      if (range != null && !ignoreRange) {
        start = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
        if (start >= body.length) {
          send(ex, 416, new byte[0]);
          return;
        }
        ex.getResponseHeaders()
            .add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
      }
      int status = start > 0 ? 206 : 200;
      int length = body.length - (int) start;
      if (range == null && truncateNextGets > 0) {
        truncateNextGets--;
        // Promise the whole body, deliver a third of it, then drop the connection.
        ex.sendResponseHeaders(status, length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, length / 3);
        out.flush();
        throw new IOException("simulated connection drop");
      }
      ex.sendResponseHeaders(status, length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body, (int) start, length);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD") || body.length == 0) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] content) {
    return hex("SHA-256", content);
  }

  /** The git object id of a blob, which the Hub sends as the ETag of non-LFS files. */
  static String gitBlobSha1(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[header.length + content.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(content, 0, all, header.length, content.length);
    return hex("SHA-1", all);
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
