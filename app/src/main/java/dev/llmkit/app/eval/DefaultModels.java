package dev.llmkit.app.eval;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Resolves {@code --model}; the shipped default models are not wired in yet. */
final class DefaultModels {

  private DefaultModels() {}

  static Path require(Path model, CommandSpec spec, String task) {
    if (model == null) {
      throw new ParameterException(
          spec.commandLine(),
          "no default " + task + " model is bundled in this build yet; pass --model DIR");
    }
    return model;
  }
}
