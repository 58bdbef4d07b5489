package dev.llmkit.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;

/** JSON on stdout: one compact document per line, so scripts can read it line by line. */
public final class CliJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CliJson() {}

  /** The mapper the commands serialize with. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Prints {@code value} as one line of JSON and flushes. */
  public static void print(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
    out.flush();
  }
}
