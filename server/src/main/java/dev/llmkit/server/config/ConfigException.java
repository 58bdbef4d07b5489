package dev.llmkit.server.config;

import java.util.List;

/** The configuration is invalid; the message lists every problem and how to fix it. */
public final class ConfigException extends RuntimeException {

  private final transient List<String> problems;

  /** Creates the exception from one line per problem. */
  public ConfigException(List<String> problems) {
    super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem. */
  public List<String> problems() {
    return problems;
  }
}
