package dev.llmkit.server.pipeline;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes resources in reverse order of acquisition, logging (not throwing) failures. */
final class Resources {

  private static final Logger log = LoggerFactory.getLogger(Resources.class);

  private Resources() {}

  static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("closing {} failed", resources.get(i), e);
      }
    }
  }
}
