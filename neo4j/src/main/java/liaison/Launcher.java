package liaison;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Embedded Neo4j Community DBMS with only the Bolt connector, for local development and tests.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' liaison.Launcher DATA_DIR PORT
 * </pre>
 *
 * Environment:
 * <ul>
 *   <li>NEO4J_PASSWORD   password of user "neo4j" (default "liaison-dev", at least 8 characters)</li>
 *   <li>NEO4J_AUTH       "true" (default) or "false" to disable authentication</li>
 *   <li>NEO4J_PAGECACHE  page cache size (default 256m)</li>
 *   <li>NEO4J_TX_MAX     memory limit of one transaction (default 128m)</li>
 *   <li>NEO4J_TX_GLOBAL_MAX memory limit of all transactions together (default 256m)</li>
 *   <li>NEO4J_TX_TIMEOUT transaction timeout in seconds (default 60)</li>
 *   <li>NEO4J_LOG_LEVEL  level of DATA_DIR/logs/debug.log (default WARN)</li>
 *   <li>NEO4J_PLUGINS    plugin directory: procedures are loaded from its jars (default DATA_DIR/plugins;
 *                        neo4j.sh passes target/plugins, the Graph Data Science library)</li>
 * </ul>
 *
 * Prints exactly one line "ready bolt://127.0.0.1:PORT" on stdout once Bolt accepts connections.
 * Everything else goes to stderr or to DATA_DIR/logs. SIGTERM shuts the DBMS down cleanly.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";

    private Launcher() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // Neo4j's own non-daemon threads would keep a half-started JVM alive: exit instead
            // (the shutdown hook, once registered, stops the DBMS).
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: liaison.Launcher DATA_DIR PORT");
            System.exit(2);
        }
        // Keep stdout for the ready line only: anything a library prints there goes to stderr.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        int port = Integer.parseInt(args[1]);
        boolean auth = !"false".equalsIgnoreCase(env("NEO4J_AUTH", "true"));
        String password = env("NEO4J_PASSWORD", "liaison-dev");

        Path logs = home.resolve("logs");
        Path conf = home.resolve("conf");
        Files.createDirectories(logs);
        Files.createDirectories(conf);
        Path serverLogs = writeServerLogConfig(conf, logs, env("NEO4J_LOG_LEVEL", "WARN"));

        // The Graph Data Science jars (target/plugins, built by mvn package): the directory Neo4j
        // scans for procedures. NEO4J_PLUGINS names another one; an empty directory means no GDS.
        Path plugins = Path.of(env("NEO4J_PLUGINS", home.resolve("plugins").toString())).toAbsolutePath();
        Files.createDirectories(plugins);

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(Map.of(
                        GraphDatabaseSettings.logs_directory, logs,
                        GraphDatabaseSettings.server_logging_config_path, serverLogs,
                        GraphDatabaseSettings.log_queries, GraphDatabaseSettings.LogQueryLevel.OFF,
                        GraphDatabaseSettings.udc_enabled, false,
                        GraphDatabaseSettings.auth_enabled, auth,
                        GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(env("NEO4J_PAGECACHE", "256m")),
                        GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.parse(env("NEO4J_TX_MAX", "128m")),
                        GraphDatabaseSettings.memory_transaction_global_max_size,
                                ByteUnit.parse(env("NEO4J_TX_GLOBAL_MAX", "256m")),
                        GraphDatabaseSettings.transaction_timeout,
                                Duration.ofSeconds(Long.parseLong(env("NEO4J_TX_TIMEOUT", "60")))))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"))
                .setConfig(HttpsConnector.enabled, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("neo4j launcher: shutting down");
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            } finally {
                stopped.countDown();
            }
            System.err.println("neo4j launcher: stopped");
        }, "neo4j-shutdown"));

        if (auth) {
            setPassword(dbms, home.resolve("data").resolve("liaison-auth.sha256"), password);
        }

        waitForPort(port, Duration.ofSeconds(120));
        System.err.printf("neo4j launcher: started in %d ms (auth %s)%n",
                (System.nanoTime() - t0) / 1_000_000, auth ? "enabled, user neo4j" : "disabled");
        out.println("ready bolt://" + HOST + ":" + port);

        stopped.await();
    }

    /**
     * Makes neo4j/PASSWORD valid without a forced change, on a new or an existing store. The Cypher
     * call costs seconds, so a marker file remembers the password last set; a password changed by
     * other means is not detected (delete the marker to force it).
     */
    private static void setPassword(DatabaseManagementService dbms, Path marker, String password)
            throws IOException, NoSuchAlgorithmException {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("neo4j:" + password).getBytes(StandardCharsets.UTF_8)));
        if (Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(digest)) {
            return;
        }
        try {
            // Its own timeout: on a loaded machine planning this statement alone took over the
            // 60 s of NEO4J_TX_TIMEOUT, and the launcher died at start.
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password),
                    r -> null, Duration.ofMinutes(10));
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
                msg += " / " + cause.getMessage();
            }
            // Re-setting the password it already has is refused; that is the state we want anyway.
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
        }
        Files.writeString(marker, digest + "\n", StandardCharsets.UTF_8);
    }

    private static void waitForPort(int port, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt did not open on " + HOST + ":" + port, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static Path writeServerLogConfig(Path conf, Path logs, String level) throws IOException {
        String dir = logs.toString().replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by liaison.Launcher on every start: edits are lost. -->
                <Configuration status="ERROR">
                  <Appenders>
                    <RollingRandomAccessFile name="DebugLog" fileName="DIR/debug.log" filePattern="DIR/debug.log.%02i">
                      <Neo4jDebugLogLayout pattern="%d{yyyy-MM-dd HH:mm:ss.SSSZ}{GMT+0} %-5p [%c{1.}] %m%n"/>
                      <Policies><SizeBasedTriggeringPolicy size="20 MB"/></Policies>
                      <DefaultRolloverStrategy fileIndex="min" max="3"/>
                    </RollingRandomAccessFile>
                    <RollingRandomAccessFile name="SecurityLog" fileName="DIR/security.log" filePattern="DIR/security.log.%02i">
                      <PatternLayout pattern="%d{yyyy-MM-dd HH:mm:ss.SSSZ}{GMT+0} %-5p %m%n"/>
                      <Policies><SizeBasedTriggeringPolicy size="20 MB"/></Policies>
                      <DefaultRolloverStrategy fileIndex="min" max="3"/>
                    </RollingRandomAccessFile>
                  </Appenders>
                  <Loggers>
                    <Root level="LEVEL"><AppenderRef ref="DebugLog"/></Root>
                    <Logger name="SecurityLogger" level="WARN" additivity="false"><AppenderRef ref="SecurityLog"/></Logger>
                  </Loggers>
                </Configuration>
                """.replace("DIR", dir).replace("LEVEL", level);
        Path file = conf.resolve("server-logs.xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v.trim();
    }
}
