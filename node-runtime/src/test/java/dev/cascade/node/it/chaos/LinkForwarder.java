package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between a child node and its parent's tier port, which the harness controls: a
 * child joined through it dials its parent here, so cutting it cuts the tier link (every open
 * connection reset, new ones refused) without touching either node.
 */
final class LinkForwarder implements AutoCloseable {

    private final String name;
    private final int port;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket listening;

    LinkForwarder(String name, int port, int target) {
        this.name = name;
        this.port = port;
        this.target = target;
    }

    String name() {
        return name;
    }

    String endpoint() {
        return "127.0.0.1:" + port;
    }

    /** Accepts connections and forwards them until {@link #cut()}. */
    synchronized void restore() {
        if (listening != null) {
            return;
        }
        // A socket closed while its acceptor thread is blocked in accept() is released only once
        // that thread returns, so binding the port right after a cut may briefly fail.
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                try {
                    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                } catch (IOException e) {
                    server.close();
                    throw e;
                }
                listening = server;
                Thread acceptor = new Thread(() -> accept(server), "chaos-forwarder-" + name);
                acceptor.setDaemon(true);
                acceptor.start();
                return;
            } catch (IOException e) {
                last = e;
                sleep(100);
            }
        }
        throw new IllegalStateException("forwarder " + name + " cannot listen on " + port + ": " + last.getMessage(), last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-opening a forwarder", e);
        }
    }

    /** Resets every forwarded connection and refuses new ones until {@link #restore()}. */
    synchronized void cut() {
        if (listening == null) {
            return;
        }
        closeQuietly(listening);
        listening = null;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    synchronized boolean isCut() {
        return listening == null;
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket downstream;
            try {
                downstream = server.accept();
            } catch (IOException e) {
                return; // cut
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
            } catch (IOException e) {
                closeQuietly(downstream); // the parent is down: the child sees a refused dial
                closeQuietly(upstream);
                continue;
            }
            synchronized (this) {
                if (listening != server) {
                    closeQuietly(downstream);
                    closeQuietly(upstream);
                    return;
                }
                open.add(downstream);
                open.add(upstream);
            }
            pump(downstream, upstream);
            pump(upstream, downstream);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // reset by a cut or by either end
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "chaos-pump-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
