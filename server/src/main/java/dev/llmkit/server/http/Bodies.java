package dev.llmkit.server.http;

import com.fasterxml.jackson.core.JacksonException;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request body into a typed record: bounded in size, strict in shape. */
public final class Bodies {

  private Bodies() {}

  /**
   * Reads and parses the body.
   *
   * @throws ApiException 413 past {@code maxBytes}, 400 for an empty or malformed body, 422 for a
   *     well-formed body of the wrong shape
   */
  public static <T> T read(Context ctx, Class<T> type, long maxBytes) {
    byte[] bytes = readBytes(ctx, maxBytes);
    if (isBlank(bytes)) {
      throw ApiException.of(ErrorType.EMPTY, "request body is empty; send a JSON object");
    }
    T value;
    try {
      value = Json.mapper().readValue(bytes, type);
    } catch (JacksonException e) {
      throw JsonErrors.translate(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (value == null) {
      throw ApiException.validation("request body must be a JSON object, got null");
    }
    return value;
  }

  private static byte[] readBytes(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.of(ErrorType.INVALID_JSON, "request body could not be read");
    }
  }

  private static ApiException tooLarge(long maxBytes) {
    return ApiException.of(
        ErrorType.PAYLOAD_TOO_LARGE, "request body is larger than " + maxBytes + " bytes");
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
