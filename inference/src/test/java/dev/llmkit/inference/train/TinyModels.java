package dev.llmkit.inference.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Test fixtures: the 2-layer, width-32 BERT of the encoder reference tests joined with a 33-token
 * WordPiece vocabulary, and a toy NER corpus over those words.
 */
public final class TinyModels {

  private static final String[] PERSONS = {"anna", "bob", "carl", "dora"};
  private static final String[] PLACES = {"oslo", "rome", "paris"};
  private static final String[] VERBS = {"visits", "likes", "met"};

  private TinyModels() {}

  /** Writes a base model directory (config, weights, vocab) into {@code dir}. */
  public static Path tinyBert(Path dir) throws IOException {
    Files.createDirectories(dir);
    copy("/reference/tiny-bert/config.json", dir.resolve("config.json"));
    copy("/reference/tiny-bert/model.safetensors", dir.resolve("model.safetensors"));
    copy("/train/tiny-wordpiece/vocab.txt", dir.resolve("vocab.txt"));
    copy("/train/tiny-wordpiece/tokenizer_config.json", dir.resolve("tokenizer_config.json"));
    return dir;
  }

  /**
   * Writes {@code n} CoNLL sentences such as {@code Anna visits New York .}: persons are PER,
   * places (and {@code new york}) LOC, {@code acme corp} ORG.
   */
  public static Path toyConll(Path file, int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder out = new StringBuilder("-DOCSTART- -X- -X- O\n\n");
    for (int i = 0; i < n; i++) {
      subject(r, out);
      out.append(VERBS[r.nextInt(VERBS.length)]).append(" O\n");
      object(r, out);
      out.append(". O\n\n");
    }
    Files.writeString(file, out);
    return file;
  }

  private static void subject(Random r, StringBuilder out) {
    if (r.nextInt(4) == 0) {
      out.append("Acme B-ORG\nCorp I-ORG\n");
    } else {
      out.append(cap(PERSONS[r.nextInt(PERSONS.length)])).append(" B-PER\n");
    }
  }

  private static void object(Random r, StringBuilder out) {
    switch (r.nextInt(3)) {
      case 0 -> out.append("New B-LOC\nYork I-LOC\n");
      case 1 -> out.append(cap(PLACES[r.nextInt(PLACES.length)])).append(" B-LOC\n");
      default ->
          out.append("the O\nbank O\nin O\n").append(cap(PLACES[r.nextInt(3)])).append(" B-LOC\n");
    }
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = TinyModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      Files.copy(in, to);
    }
  }
}
