package dev.llmkit.app;

/** Entry point of the {@code llmkit} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {}
}
