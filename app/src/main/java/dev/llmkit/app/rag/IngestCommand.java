package dev.llmkit.app.rag;

import dev.langchain4j.data.document.Metadata;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.retrieval.RetrievalInputException;
import dev.llmkit.server.retrieval.StoreAccessException;
import dev.llmkit.server.retrieval.StoreUnavailableException;
import dev.llmkit.server.retrieval.ingest.ContentType;
import dev.llmkit.server.retrieval.ingest.IngestRequest;
import dev.llmkit.server.retrieval.ingest.IngestResult;
import dev.llmkit.server.retrieval.store.StoreLockedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmkit ingest PATH...}: adds files (or every file under directories) to the store. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Ingests text, Markdown, HTML and PDF files into the document store.",
      "Idempotent: a file whose text did not change is skipped.",
    },
    footer = {"", "Examples:", "  llmkit ingest notes/ report.pdf --meta team=rail"})
public final class IngestCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private RagOptions options;

  @Mixin private RagSettings settings;

  /** The environment settings are read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories.")
  private List<Path> paths;

  @Option(
      names = "--meta",
      paramLabel = "KEY=VALUE",
      description = "Metadata for every document (repeatable).")
  private Map<String, String> meta;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files;
    try {
      files = files(paths);
    } catch (IOException e) {
      err.println("cannot list " + e.getMessage());
      return 2;
    }
    int failed = 0;
    settings.applyTo(options, environment);
    try (RagRuntime rag = new RagRuntime(options, null, true, environment)) {
      for (Path file : files) {
        try {
          Metadata m = new Metadata();
          m.put("file_name", file.getFileName().toString());
          if (meta != null) {
            meta.forEach(m::put);
          }
          IngestRequest request =
              new IngestRequest(
                  file.toAbsolutePath().normalize().toString(),
                  Files.readAllBytes(file),
                  ContentType.ofFileName(file.getFileName().toString()),
                  file.getFileName().toString(),
                  m);
          IngestResult r = rag.service().ingest(request);
          out.printf(
              "%-9s %3d segments  %s%n", r.status().name().toLowerCase(), r.segmentCount(), file);
        } catch (IOException | RetrievalInputException e) {
          failed++;
          err.printf("skipped %s: %s%n", file, e.getMessage());
        }
      }
    } catch (StoreLockedException
        | StoreUnavailableException
        | StoreAccessException
        | ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  private static List<Path> files(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new IOException(p + ": no such file or directory");
      }
    }
    return out;
  }
}
