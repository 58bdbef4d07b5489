package dev.llmkit.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one table of the server's HTTP routes: the server mounts every route from it, and {@code
 * /info} lists each task's routes from it; {@code openapi.json} documents exactly these routes
 * ({@code OpsRoutesTest} checks both against the real router). A new route is one more entry.
 */
public final class RouteTable {

  /**
   * One route.
   *
   * @param method the HTTP method
   * @param path the path, with {@code {name}} parameters as Javalin writes them
   * @param task the task whose model answers it ({@code ner}, {@code embed}, ...), listed under
   *     that task in {@code /info}; {@code retrieval} for the document routes, null for the
   *     operations routes
   * @param handler the handler
   */
  public record Route(HandlerType method, String path, String task, Handler handler) {

    /** Checks the values. */
    public Route {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(handler, "handler");
    }

    /** {@code "POST /ner"}: the method and path, as OpenAPI and the router name a route. */
    public String key() {
      return method.name() + " " + path;
    }
  }

  private final List<Route> routes;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** Starts a table. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every route, in table order. */
  public List<Route> routes() {
    return routes;
  }

  /** The distinct paths of {@code task}'s routes, in table order. */
  public List<String> pathsOf(String task) {
    return routes.stream()
        .filter(r -> Objects.equals(r.task(), task))
        .map(Route::path)
        .distinct()
        .toList();
  }

  /** Adds every route to {@code router}. */
  public void mount(JavalinDefaultRoutingApi<?> router) {
    routes.forEach(r -> router.addHttpHandler(r.method(), r.path(), r.handler()));
  }

  /** Builder of a {@link RouteTable}; a method and path may appear once. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();

    private Builder() {}

    /** Adds {@code GET path}. */
    public Builder get(String path, String task, Handler handler) {
      return add(new Route(HandlerType.GET, path, task, handler));
    }

    /** Adds {@code POST path}. */
    public Builder post(String path, String task, Handler handler) {
      return add(new Route(HandlerType.POST, path, task, handler));
    }

    /** Adds {@code DELETE path}. */
    public Builder delete(String path, String task, Handler handler) {
      return add(new Route(HandlerType.DELETE, path, task, handler));
    }

    /** Adds a route; the same method and path twice is a programming error. */
    public Builder add(Route route) {
      if (!keys.add(route.key())) {
        throw new IllegalArgumentException("route " + route.key() + " is in the table twice");
      }
      routes.add(route);
      return this;
    }

    /** Builds the table. */
    public RouteTable build() {
      return new RouteTable(routes);
    }
  }
}
