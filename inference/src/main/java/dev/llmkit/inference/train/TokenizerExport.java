package dev.llmkit.inference.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Copies a model's tokenizer files into a trained model's output directory. */
public final class TokenizerExport {

  /** The files Hugging Face tokenizers are made of; whichever exist are copied. */
  public static final List<String> FILES =
      List.of(
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "vocab.txt",
          "vocab.json",
          "merges.txt");

  private static final String EMBEDDED_ROOT = "/dev/llmkit/tokenization/embedded/";

  private TokenizerExport() {}

  /**
   * Sets {@code model_max_length} in {@code dir/tokenizer_config.json} (creating the file if need
   * be), so that Hugging Face tokenizers truncate to the context the model was trained with.
   */
  public static void setModelMaxLength(Path dir, int length) {
    ObjectMapper json = new ObjectMapper();
    Path file = dir.resolve("tokenizer_config.json");
    try {
      ObjectNode config =
          Files.isRegularFile(file)
              ? (ObjectNode) json.readTree(file.toFile())
              : json.createObjectNode();
      config.put("model_max_length", length);
      json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("cannot update " + file, e);
    }
  }

  /**
   * Copies the tokenizer files of a model directory.
   *
   * @return how many files were copied
   * @throws IllegalArgumentException if {@code from} holds none
   */
  public static int fromDirectory(Path from, Path to) {
    int copied = 0;
    try {
      Files.createDirectories(to);
      for (String name : FILES) {
        Path source = from.resolve(name);
        if (Files.isRegularFile(source)) {
          Files.copy(source, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
          copied++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy tokenizer files from " + from, e);
    }
    if (copied == 0) {
      throw new IllegalArgumentException(from + " holds no tokenizer files " + FILES);
    }
    return copied;
  }

  /**
   * Copies the files of a tokenizer embedded in llmkit ({@code gpt2}, {@code bert-base-cased},
   * {@code bert-base-uncased}).
   *
   * @return how many files were copied
   */
  public static int embedded(String name, Path to) {
    int copied = 0;
    try {
      Files.createDirectories(to);
      for (String file : FILES) {
        try (InputStream in =
            TokenizerExport.class.getResourceAsStream(EMBEDDED_ROOT + name + "/" + file)) {
          if (in != null) {
            Files.copy(in, to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            copied++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer files to " + to, e);
    }
    if (copied == 0) {
      throw new IllegalArgumentException("no embedded tokenizer named " + name);
    }
    return copied;
  }
}
