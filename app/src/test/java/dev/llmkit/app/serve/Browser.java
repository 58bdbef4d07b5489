package dev.llmkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian {@code chromium} driven through {@code chromium-driver} (no download: both come
 * from apt). Skipped when either is missing, except under {@code CI=true}, where it fails.
 */
final class Browser {

  /** Where screenshots go for review. */
  static final Path SCREENSHOTS = Path.of("target/playground-screenshots");

  private static final List<String> BROWSERS =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final List<String> DRIVERS =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  private Browser() {}

  /** Starts headless chromium at a desktop size, or skips (fails under CI) without it. */
  static ChromeDriver start() {
    String browser = first(BROWSERS);
    String driver = first(DRIVERS);
    boolean present = browser != null && driver != null;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(present)
          .as(
              "CI=true but chromium/chromedriver are missing: apt-get install chromium chromium-driver")
          .isTrue();
    }
    assumeThat(present).as("chromium and chromium-driver are not installed").isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser);
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // root in containers
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--force-device-scale-factor=1",
        "--window-size=1280,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(driver).toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    chrome.manage().window().setSize(new Dimension(1280, 1000));
    return chrome;
  }

  /** Saves a PNG of the viewport as {@code target/playground-screenshots/NAME.png}. */
  static Path screenshot(ChromeDriver chrome, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, chrome.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String first(List<String> paths) {
    return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
  }
}
