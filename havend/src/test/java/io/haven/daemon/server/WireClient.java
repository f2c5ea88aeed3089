package io.haven.daemon.server;

import io.haven.protocol.codec.Frames;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A blocking test client on a real socket: sends frames (well-formed or not) and reads framed answers. */
final class WireClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static WireClient open(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, READ_TIMEOUT_MS);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        return new WireClient(s);
    }

    /** Opens a connection and completes CONNECT on it. */
    static WireClient connected(InetSocketAddress address) throws IOException {
        WireClient c = open(address);
        c.send(connect(0));
        c.read();
        return c;
    }

    static Request.Connect connect(long reqId) {
        return new Request.Connect(Envelope.of(reqId), "1", "test", "");
    }

    static Request.Ping ping(long reqId) {
        return new Request.Ping(Envelope.of(reqId), 0, 0, "", Map.of());
    }

    void send(Request request) throws IOException {
        sendBody(MessageCodec.encode(request));
    }

    void sendBody(byte[] body) throws IOException {
        sendRaw(Frames.frame(body));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    ServerMessage read() throws IOException {
        return MessageCodec.decodeServerMessage(Frames.read(in, Frames.DEFAULT_MAX_FRAME));
    }

    <T extends ServerMessage> T read(Class<T> type) throws IOException {
        ServerMessage m = read();
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
        }
        return type.cast(m);
    }

    Response.Failure readFailure() throws IOException {
        return read(Response.Failure.class);
    }

    /** Whether the node closes this connection within {@code within}, reading (and dropping) what comes first. */
    boolean closedByPeer(Duration within) throws IOException {
        long end = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[4096];
        while (System.nanoTime() < end) {
            socket.setSoTimeout(
                    (int) Math.max(1, Duration.ofNanos(end - System.nanoTime()).toMillis()));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the node
            } finally {
                socket.setSoTimeout(READ_TIMEOUT_MS);
            }
        }
        return false;
    }

    /** Reads one frame and then expects the end of the stream. */
    boolean readsEof() throws IOException {
        try {
            in.readByte();
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Polls a condition until it holds or the timeout passes. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
