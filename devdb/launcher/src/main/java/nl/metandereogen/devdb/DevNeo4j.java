package nl.metandereogen.devdb;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community in this JVM with only the Bolt connector, on loopback, so that the Go
 * service talks to it through the same driver and protocol it uses against a production server.
 *
 * <p>Protocol with the Go side (package devdb): one line "READY bolt://host:port version" on
 * stdout once Bolt accepts connections, or one line "ERROR ..." on stderr and exit code 2. With
 * --watch-stdin the database shuts down when stdin closes, so a test binary that dies never
 * leaves an orphan JVM behind.
 */
public final class DevNeo4j {
  private DevNeo4j() {}

  public static void main(String[] args) {
    Map<String, String> opts;
    try {
      opts = parse(args);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
      return;
    }
    String host = opts.getOrDefault("host", "127.0.0.1");
    int port = Integer.parseInt(opts.getOrDefault("port", "7687"));
    Path data = Path.of(opts.getOrDefault("data", ".devdb/data")).toAbsolutePath();
    String password = opts.getOrDefault("password", "");
    boolean watchStdin = opts.containsKey("watch-stdin");
    // The memory all transactions together may use ("10g"); Neo4j's default is 70% of the
    // heap. One load writes a whole graph in one transaction, so a large graph needs more.
    String txMemory = opts.getOrDefault("tx-memory", "");

    // Neo4j reports a taken port deep inside a stack trace; say it plainly instead.
    if (!portFree(host, port)) {
      fail("port " + port + " on " + host + " is already in use: stop whatever listens there"
          + " or choose another port (NEO4J_DEV_PORT)");
      return;
    }
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      fail("cannot create data folder " + data + ": " + e.getMessage());
      return;
    }

    DatabaseManagementService dbms;
    try {
      DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(data);
      if (!txMemory.isEmpty()) {
        builder.setConfig(
            GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.parse(txMemory));
      }
      dbms = builder
          .setConfig(BoltConnector.enabled, true)
          .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
          .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
          .setConfig(GraphDatabaseSettings.auth_enabled, !password.isEmpty())
          // A dev database for a few thousand nodes; keep several of them (one per test
          // package) within a laptop's memory.
          .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
          .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
          .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
          .build();
    } catch (RuntimeException e) {
      fail("neo4j did not start (data " + data + "): " + rootMessage(e));
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "devdb-shutdown"));

    try {
      if (!password.isEmpty()) {
        setPassword(dbms, password);
      }
      GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
      String version = db.executeTransactionally(
          "CALL dbms.components() YIELD versions RETURN versions[0] AS v",
          Map.of(), r -> (String) r.next().get("v"));
      System.out.println("READY bolt://" + host + ":" + port + " " + version);
      System.out.flush();
    } catch (RuntimeException e) {
      fail("neo4j started but is not usable: " + rootMessage(e));
      return;
    }

    if (watchStdin) {
      drain(System.in);
      System.exit(0); // runs the shutdown hook
    }
    // Otherwise live until SIGTERM/SIGINT, which run the shutdown hook.
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Gives the built-in neo4j user the configured password without a forced change. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    } catch (RuntimeException e) {
      // A data folder from an earlier run already has this password; Neo4j refuses to "change"
      // a password to itself, which is exactly the state we want.
      if (!rootMessage(e).contains("cannot be the same")) {
        throw e;
      }
    }
  }

  private static boolean portFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void drain(InputStream in) {
    byte[] buf = new byte[256];
    try {
      while (in.read(buf) >= 0) {
        // discard; we only wait for end of stream
      }
    } catch (IOException ignored) {
      // a broken pipe means the parent is gone, same as EOF
    }
  }

  private static Map<String, String> parse(String[] args) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      String key = a.substring(2);
      if (key.equals("watch-stdin")) {
        m.put(key, "true");
      } else if (i + 1 < args.length) {
        m.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException("flag " + a + " needs a value");
      }
    }
    return m;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }

  private static void fail(String msg) {
    System.err.println("ERROR " + msg);
    System.err.flush();
    System.exit(2);
  }
}
