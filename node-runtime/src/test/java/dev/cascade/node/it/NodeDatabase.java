package dev.cascade.node.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Direct SQL on a running node's embedded PostgreSQL, for checks and for faults a test injects. */
public final class NodeDatabase {

    private NodeDatabase() {
    }

    public static Connection connect(NodeProcess node) throws Exception {
        Path pg = node.dataDir.resolve("postgres");
        String port = Files.readAllLines(pg.resolve("cluster/postmaster.pid")).get(3).trim();
        String password = Files.readString(pg.resolve("password")).trim();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "cascade", password);
    }

    public static long count(NodeProcess node, String sql) {
        try (Connection c = connect(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError("query on " + node.dataDir.getFileName() + " failed: " + sql, e);
        }
    }
}
