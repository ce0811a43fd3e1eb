package cn.zongzhi.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between a console and the city server that understands just enough HTTP/1.1 to find where
 * each request and reply ends, so a test can break one exchange exactly where it wants: cut a request midway,
 * deliver a request and lose the reply (the server committed, the client never hears), cut a reply midway, or
 * deliver a request twice. Faults are queued per path ("/sync/push") and used up one exchange at a time.
 */
final class FaultProxy implements Closeable {
    enum Fault {
        /** Forwarded both ways untouched. */
        PASS,
        /** Half the request body reaches the server, then both connections close. */
        CUT_REQUEST_MIDWAY,
        /** The whole request reaches the server and is answered; the reply is dropped and the client cut off. */
        LOSE_REPLY,
        /** Half the reply reaches the client, then the connection closes. */
        CUT_REPLY_MIDWAY,
        /** The request reaches the server twice (a duplicate delivery); the client gets the second reply. */
        DUPLICATE
    }

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> exchanges = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> replyBodyBytes = new ConcurrentHashMap<>();
    private volatile int upstreamPort;
    private volatile boolean closed;

    FaultProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The server moved (restarted on another port); new exchanges go there. */
    void upstream(int port) {
        this.upstreamPort = port;
    }

    /** The next exchanges on {@code path} meet these faults, in order; later ones pass. */
    void next(String path, Fault... queued) {
        Deque<Fault> queue = faults.computeIfAbsent(path, key -> new ConcurrentLinkedDeque<>());
        for (Fault fault : queued) {
            queue.addLast(fault);
        }
    }

    /** Faults queued and not yet met, over all paths. */
    int faultsLeft() {
        return faults.values().stream().mapToInt(Deque::size).sum();
    }

    /** How many exchanges on {@code path} reached the server (a duplicate counts twice). */
    int delivered(String path) {
        return exchanges.computeIfAbsent(path, key -> new AtomicInteger()).get();
    }

    /** How many bytes of reply bodies the server sent on {@code path} (whether or not the client got them all). */
    long replyBodyBytes(String path) {
        return replyBodyBytes.computeIfAbsent(path, key -> new java.util.concurrent.atomic.AtomicLong()).get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            while (true) {
                Message request = Message.read(fromClient, false);
                if (request == null) {
                    return;
                }
                String path = request.path();
                Fault fault = faults.getOrDefault(path, new ConcurrentLinkedDeque<>()).pollFirst();
                fault = fault == null ? Fault.PASS : fault;
                if (fault == Fault.CUT_REQUEST_MIDWAY) {
                    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                        byte[] whole = request.bytes();
                        int half = request.headerLength() + request.bodyLength() / 2;
                        upstream.getOutputStream().write(whole, 0, half);
                        upstream.getOutputStream().flush();
                    }
                    return;
                }
                Message reply = exchange(request, path);
                if (fault == Fault.DUPLICATE) {
                    reply = exchange(request, path);
                }
                if (fault == Fault.LOSE_REPLY) {
                    return;
                }
                if (fault == Fault.CUT_REPLY_MIDWAY) {
                    byte[] whole = reply.bytes();
                    toClient.write(whole, 0, reply.headerLength() + reply.bodyLength() / 2);
                    toClient.flush();
                    return;
                }
                toClient.write(reply.bytes());
                toClient.flush();
            }
        } catch (IOException ignored) {
            // A connection ended: the client retries on a new one.
        }
    }

    /** One request to the server on a connection of its own, and its whole reply. */
    private Message exchange(Message request, String path) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            upstream.getOutputStream().write(request.bytes());
            upstream.getOutputStream().flush();
            Message reply = Message.read(upstream.getInputStream(), true);
            if (reply == null) {
                throw new SocketException("the server closed without answering");
            }
            exchanges.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            replyBodyBytes.computeIfAbsent(path, key -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(reply.bodyLength());
            return reply;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        threads.shutdownNow();
    }

    /** One HTTP/1.1 message: its head and its body (by Content-Length; chunked bodies are kept as sent). */
    private record Message(byte[] bytes, int headerLength, int bodyLength, String startLine) {
        String path() {
            String[] parts = startLine.split(" ");
            return parts.length > 1 ? parts[1] : "";
        }

        static Message read(InputStream in, boolean reply) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new SocketException("cut short");
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            String startLine = headText.substring(0, headText.indexOf("\r\n"));
            int length = 0;
            boolean chunked = false;
            for (String line : headText.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                readChunks(in, body);
            } else {
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    throw new SocketException("cut short");
                }
                body.write(bytes);
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(head.toByteArray());
            whole.write(body.toByteArray());
            return new Message(whole.toByteArray(), head.size(), body.size(), startLine);
        }

        private static void readChunks(InputStream in, ByteArrayOutputStream raw) throws IOException {
            while (true) {
                String sizeLine = line(in);
                raw.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = line(in);
                        raw.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return;
                }
                raw.write(in.readNBytes(size));
                raw.write((line(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder text = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            if (b < 0) {
                throw new SocketException("cut short");
            }
            return text.toString();
        }
    }
}
