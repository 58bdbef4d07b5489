package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.inference.store.FakeHub.RepoFile;
import dev.llmkit.inference.store.ModelStoreException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

  static final String REPO = "acme/tiny-bert";
  static final String COMMIT_MAIN = "1111111111111111111111111111111111111111";
  static final String COMMIT_V1 = "0000000000000000000000000000000000000abc";

  static final byte[] CONFIG = "{\"model_type\":\"bert\"}".getBytes(StandardCharsets.UTF_8);
  static final byte[] CONFIG_V1 =
      "{\"model_type\":\"bert\",\"v\":1}".getBytes(StandardCharsets.UTF_8);
  static final byte[] VOCAB = "[PAD]\n[UNK]\nhello\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] WEIGHTS = FakeHub.randomBytes(300_000, 42);

  @TempDir Path cacheDir;
  FakeHub hub;

  @BeforeEach
  void startHub() throws IOException {
    hub = new FakeHub();
    Map<String, RepoFile> main = new LinkedHashMap<>();
    main.put(".gitattributes", new RepoFile("*.safetensors filter=lfs".getBytes(), false));
    main.put("README.md", new RepoFile("# tiny".getBytes(), false));
    main.put("config.json", new RepoFile(CONFIG, false));
    main.put("vocab.txt", new RepoFile(VOCAB, false));
    main.put("model.safetensors", new RepoFile(WEIGHTS, true));
    main.put("pytorch_model.bin", new RepoFile(FakeHub.randomBytes(1000, 7), true));
    main.put("1_Pooling/config.json", new RepoFile("{}".getBytes(), false));
    hub.addCommit(REPO, COMMIT_MAIN, "main", main);
    Map<String, RepoFile> v1 = new LinkedHashMap<>();
    v1.put("config.json", new RepoFile(CONFIG_V1, false));
    v1.put("vocab.txt", new RepoFile(VOCAB, false));
    v1.put("model.safetensors", new RepoFile(WEIGHTS, true));
    hub.addCommit(REPO, COMMIT_V1, "v1", v1);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  ModelStore store(Optional<String> token, boolean offline) {
    return ModelStore.builder()
        .settings(new HubSettings(cacheDir, hub.endpoint(), token, offline))
        .build();
  }

  ModelStore store() {
    return store(Optional.empty(), false);
  }

  Path repoDir() {
    return cacheDir.resolve("models--acme--tiny-bert");
  }

  @Test
  void downloadsIntoTheHuggingFaceCacheLayout() throws IOException {
    Path dir = store().resolve(REPO);

    assertThat(dir).isEqualTo(repoDir().resolve("snapshots").resolve(COMMIT_MAIN));
    assertThat(dir.resolve("config.json")).hasBinaryContent(CONFIG);
    assertThat(dir.resolve("vocab.txt")).hasBinaryContent(VOCAB);
    assertThat(dir.resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
    assertThat(dir.resolve("1_Pooling/config.json")).hasContent("{}");

    // snapshots/<commit>/<file> are relative symlinks to ../../blobs/<etag>
    String lfsEtag = FakeHub.sha256(WEIGHTS);
    Path link = dir.resolve("model.safetensors");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../../blobs/" + lfsEtag));
    assertThat(Files.readSymbolicLink(dir.resolve("config.json")))
        .isEqualTo(Path.of("../../blobs/" + FakeHub.gitBlobSha1(CONFIG)));
    assertThat(Files.readSymbolicLink(dir.resolve("1_Pooling/config.json")))
        .isEqualTo(Path.of("../../../blobs/" + FakeHub.gitBlobSha1("{}".getBytes())));
    assertThat(repoDir().resolve("blobs").resolve(lfsEtag)).hasBinaryContent(WEIGHTS);
    // refs/main holds the commit, without a newline
    assertThat(repoDir().resolve("refs/main")).hasContent(COMMIT_MAIN);
    assertThat(Files.readString(repoDir().resolve("refs/main"))).doesNotEndWith("\n");
    try (var blobs = Files.list(repoDir().resolve("blobs"))) {
      assertThat(blobs.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".incomplete"));
    }
  }

  @Test
  void fetchesOnlyConfigTokenizerAndSafetensors() {
    store().resolve(REPO);
    List<String> fetched = new ArrayList<>();
    for (FakeHub.Request r : hub.requests("hub")) {
      if (r.method().equals("HEAD")) {
        fetched.add(r.path().substring(r.path().indexOf(COMMIT_MAIN) + COMMIT_MAIN.length() + 1));
      }
    }
    assertThat(fetched)
        .containsExactlyInAnyOrder(
            "config.json", "vocab.txt", "model.safetensors", "1_Pooling/config.json");
  }

  @Test
  void followsTheLfsRedirectToTheCdnWithoutLeakingTheToken() {
    hub.makePrivate(REPO);
    store(Optional.of(FakeHub.TOKEN), false).resolve(REPO);

    assertThat(hub.requests("hub"))
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + FakeHub.TOKEN));
    List<FakeHub.Request> cdn = hub.requests("cdn");
    assertThat(cdn).hasSize(1);
    assertThat(cdn.get(0).path()).isEqualTo("/repos/" + FakeHub.sha256(WEIGHTS));
    assertThat(cdn.get(0).authorization()).isNull();
  }

  @Test
  void aPrivateRepoWithoutTokenIsRefusedWithAHint() {
    hub.makePrivate(REPO);
    assertThatThrownBy(() -> store().resolve(REPO))
        .isInstanceOf(ModelStoreException.class)
        .hasMessageContaining("acme/tiny-bert@main")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("set HF_TOKEN")
        .extracting(e -> ((ModelStoreException) e).reason())
        .isEqualTo(Reason.UNAUTHORIZED);
  }

  @Test
  void aMissingRepoThatCouldBeAPathSaysSo() {
    assertThatThrownBy(() -> store().resolve("models/bert-ner"))
        .isInstanceOf(ModelStoreException.class)
        .hasMessageContaining("models/bert-ner@main")
        .hasMessageContaining("no local directory 'models/bert-ner' either");
  }

  @Test
  void anUnknownRevisionIsNotFound() {
    assertThatThrownBy(() -> store().resolve(REPO + "@nope"))
        .isInstanceOf(ModelStoreException.class)
        .hasMessageContaining("revision 'nope' not found in acme/tiny-bert")
        .extracting(e -> ((ModelStoreException) e).reason())
        .isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void resolvesARevisionByBranchAndRecordsItsRef() {
    Path dir = store().resolve(REPO + "@v1");
    assertThat(dir.getFileName().toString()).isEqualTo(COMMIT_V1);
    assertThat(dir.resolve("config.json")).hasBinaryContent(CONFIG_V1);
    assertThat(repoDir().resolve("refs/v1")).hasContent(COMMIT_V1);
  }

  @Test
  void resolvesARevisionByShaWithoutWritingARef() {
    Path dir = store().resolve(REPO + "@" + COMMIT_V1);
    assertThat(dir.getFileName().toString()).isEqualTo(COMMIT_V1);
    assertThat(dir.resolve("config.json")).hasBinaryContent(CONFIG_V1);
    assertThat(repoDir().resolve("refs")).doesNotExist();
  }

  @Test
  void identicalBlobsAreDownloadedOncePerCache() {
    store().resolve(REPO);
    store().resolve(REPO + "@v1"); // same weights blob under another commit
    assertThat(hub.cdnGets.get()).isEqualTo(1);
    assertThat(repoDir().resolve("snapshots").resolve(COMMIT_V1).resolve("model.safetensors"))
        .hasBinaryContent(WEIGHTS);
  }

  @Test
  void aCachedSnapshotIsReusedWithoutFetchingFilesAgain() {
    store().resolve(REPO);
    int before = hub.log.size();
    Path again = store().resolve(REPO);
    List<FakeHub.Request> after = hub.log.subList(before, hub.log.size());
    assertThat(again.resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
    assertThat(after).extracting(FakeHub.Request::method).containsExactly("GET");
    assertThat(after.get(0).path()).startsWith("/api/models/");
  }

  @Test
  void anInterruptedDownloadResumesWithRange() {
    hub.truncateNextGets = 1; // the first GET delivers a third and drops the connection
    Path dir = store().resolve(REPO);

    assertThat(dir.resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
    List<FakeHub.Request> cdn = hub.requests("cdn");
    assertThat(cdn).hasSize(2);
    assertThat(cdn.get(0).range()).isNull();
    // The resume starts where the client's partial file ends: at most the third the hub sent
    // (a connection dropped by the peer may lose the last bytes in flight).
    assertThat(cdn.get(1).range()).matches("bytes=\\d+-");
    long resumedAt = Long.parseLong(cdn.get(1).range().replaceAll("\\D", ""));
    assertThat(resumedAt).isPositive().isLessThanOrEqualTo(WEIGHTS.length / 3);
  }

  @Test
  void aPartialFileFromAnEarlierRunIsResumed() throws IOException {
    String etag = FakeHub.sha256(WEIGHTS);
    Path incomplete = repoDir().resolve("blobs").resolve(etag + ".incomplete");
    Files.createDirectories(incomplete.getParent());
    Files.write(incomplete, java.util.Arrays.copyOf(WEIGHTS, 1234));

    Path dir = store().resolve(REPO);

    assertThat(dir.resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
    assertThat(hub.requests("cdn"))
        .extracting(FakeHub.Request::range)
        .containsExactly("bytes=1234-");
    assertThat(incomplete).doesNotExist();
  }

  @Test
  void aServerThatIgnoresRangeRestartsFromScratch() throws IOException {
    String etag = FakeHub.sha256(WEIGHTS);
    Path incomplete = repoDir().resolve("blobs").resolve(etag + ".incomplete");
    Files.createDirectories(incomplete.getParent());
    Files.write(incomplete, java.util.Arrays.copyOf(WEIGHTS, 5000));
    hub.ignoreRange = true;

    assertThat(store().resolve(REPO).resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
  }

  @Test
  void aCorruptedLfsFileIsDeletedAndReported() throws IOException {
    hub.corruptCdn = true;
    String etag = FakeHub.sha256(WEIGHTS);

    assertThatThrownBy(() -> store().resolve(REPO))
        .isInstanceOf(ModelStoreException.class)
        .hasMessageContaining("checksum mismatch for acme/tiny-bert/model.safetensors")
        .hasMessageContaining(etag)
        .extracting(e -> ((ModelStoreException) e).reason())
        .isEqualTo(Reason.INTEGRITY);
    assertThat(repoDir().resolve("blobs").resolve(etag)).doesNotExist();
    assertThat(repoDir().resolve("blobs").resolve(etag + ".incomplete")).doesNotExist();
    assertThat(repoDir().resolve("snapshots").resolve(COMMIT_MAIN).resolve("model.safetensors"))
        .doesNotExist();
    assertThat(repoDir().resolve("refs/main")).doesNotExist();

    hub.corruptCdn = false; // a retry after the fault clears succeeds
    assertThat(store().resolve(REPO).resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
  }

  @Test
  void aHostileEtagCannotEscapeTheBlobsFolder() {
    hub.etagOverride = "../../../../evil";
    assertThatThrownBy(() -> store().resolve(REPO))
        .isInstanceOf(ModelStoreException.class)
        .hasMessageContaining("not a valid blob name")
        .extracting(e -> ((ModelStoreException) e).reason())
        .isEqualTo(Reason.TRANSFER);
    assertThat(cacheDir.getParent().resolve("evil")).doesNotExist();
    assertThat(cacheDir.resolve("evil")).doesNotExist();
  }

  @Test
  void offlineModeUsesACacheBuiltByHuggingFaceHub() throws IOException {
    // Lay out the cache by hand, as huggingface_hub would have left it.
    Path repo = cacheDir.resolve("models--acme--tiny-bert");
    String configEtag = FakeHub.gitBlobSha1(CONFIG);
    Files.createDirectories(repo.resolve("blobs"));
    Files.write(repo.resolve("blobs").resolve(configEtag), CONFIG);
    Path snapshot = repo.resolve("snapshots").resolve(COMMIT_MAIN);
    Files.createDirectories(snapshot);
    Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/" + configEtag));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), COMMIT_MAIN);
    hub.close(); // nothing may be asked of the network

    ModelStore offline = store(Optional.empty(), true);
    assertThat(offline.resolve(REPO)).isEqualTo(snapshot);
    assertThat(offline.resolve(REPO + "@" + COMMIT_MAIN)).isEqualTo(snapshot);
    assertThat(offline.resolve(REPO).resolve("config.json")).hasBinaryContent(CONFIG);
    assertThat(hub.log).isEmpty();
  }

  @Test
  void offlineModeNamesTheMissingRepo() {
    assertThatThrownBy(() -> store(Optional.empty(), true).resolve("acme/absent@v2"))
        .isInstanceOf(ModelStoreException.class)
        .hasMessageContaining("acme/absent@v2")
        .hasMessageContaining("HF_HUB_OFFLINE")
        .hasMessageContaining("models--acme--absent")
        .extracting(e -> ((ModelStoreException) e).reason())
        .isEqualTo(Reason.NOT_IN_CACHE);
    assertThat(hub.log).isEmpty();
  }

  @Test
  void anUnreachableHubFallsBackToTheCache() {
    store().resolve(REPO);
    URI dead = hub.endpoint();
    hub.close();
    ModelStore unreachable =
        ModelStore.builder()
            .settings(new HubSettings(cacheDir, dead, Optional.empty(), false))
            .build();
    assertThat(unreachable.resolve(REPO).resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
    assertThatThrownBy(() -> unreachable.resolve(REPO + "@v1"))
        .isInstanceOf(ModelStoreException.class)
        .extracting(e -> ((ModelStoreException) e).reason())
        .isEqualTo(Reason.NOT_IN_CACHE);
  }

  @Test
  void aRenamedRepoIsFollowedThroughRelativeRedirects() {
    hub.rename("acme/old-name", REPO);
    Path dir = store().resolve("acme/old-name");
    // cached under the id the user asked for, as huggingface_hub does
    assertThat(dir)
        .isEqualTo(cacheDir.resolve("models--acme--old-name/snapshots").resolve(COMMIT_MAIN));
    assertThat(dir.resolve("model.safetensors")).hasBinaryContent(WEIGHTS);
    assertThat(hub.requests("hub"))
        .anySatisfy(r -> assertThat(r.path()).startsWith("/acme/old-name/resolve/"))
        .anySatisfy(r -> assertThat(r.path()).startsWith("/acme/tiny-bert/resolve/"));
  }

  @Test
  void concurrentResolversDownloadEachBlobOnce() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store().resolve(REPO);
                }));
      }
      start.countDown();
      for (Future<Path> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS).resolve("model.safetensors"))
            .hasBinaryContent(WEIGHTS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(hub.cdnGets.get()).isEqualTo(1);
    assertThat(
            Files.isSymbolicLink(
                repoDir().resolve("snapshots").resolve(COMMIT_MAIN).resolve("model.safetensors")))
        .isTrue();
    try (var files = Files.list(repoDir().resolve("snapshots").resolve(COMMIT_MAIN))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void aLocalDirectoryIsReturnedAsIs(@TempDir Path local) {
    assertThat(store().resolve(local.toString())).isEqualTo(local);
    assertThat(hub.log).isEmpty();
  }

  @Test
  void reportsProgressUpToTheFileSize() {
    List<long[]> events = new ArrayList<>();
    DownloadListener listener =
        new DownloadListener() {
          @Override
          public void progressed(String file, long done, long total) {
            if (file.equals("model.safetensors")) {
              events.add(new long[] {done, total});
            }
          }
        };
    ModelStore.builder()
        .settings(new HubSettings(cacheDir, hub.endpoint(), Optional.empty(), false))
        .listener(listener)
        .build()
        .resolve(REPO);
    assertThat(events).isNotEmpty();
    assertThat(events.get(events.size() - 1)).containsExactly(WEIGHTS.length, WEIGHTS.length);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i)[0]).isGreaterThan(events.get(i - 1)[0]);
    }
  }
}
