package dev.llmkit.server.http;

import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;

/**
 * What a task route needs from the configuration.
 *
 * @param maxPayloadBytes largest body
 * @param maxInputs most texts per request
 * @param task the task's own settings
 */
public record Limits(long maxPayloadBytes, int maxInputs, TaskConfig task) {

  /** The limits of one task. */
  public static Limits of(ServerConfig config, TaskConfig task) {
    return new Limits(config.maxPayloadBytes(), config.maxInputs(), task);
  }
}
