package io.haven.tests.server;

import io.haven.protocol.codec.Frames;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;

/** A blocking client on a real socket that speaks raw frames, for tests that must send what a client never would. */
final class WireClient implements AutoCloseable {
    private static final int TIMEOUT_MS = 15_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private Response.ConnectReply connectReply;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    static WireClient open(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        s.setTcpNoDelay(true);
        return new WireClient(s);
    }

    static WireClient connected(InetSocketAddress address) throws IOException {
        WireClient c = open(address);
        c.send(connect(0));
        c.connectReply = c.read(Response.ConnectReply.class);
        return c;
    }

    static Request.Connect connect(long reqId) {
        return new Request.Connect(Envelope.of(reqId), "1", "haven-tests", "");
    }

    static Request.Ping ping(long reqId) {
        return new Request.Ping(Envelope.of(reqId), 0, 0, "", Map.of());
    }

    Response.ConnectReply connectReply() {
        return connectReply;
    }

    Socket socket() {
        return socket;
    }

    void send(Request request) throws IOException {
        sendBody(MessageCodec.encode(request));
        out.flush();
    }

    /** Buffers one framed body; {@link #flush()} sends what is buffered. */
    void sendBody(byte[] body) throws IOException {
        out.write(Frames.frame(body));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void flush() throws IOException {
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

    /** Whether the node ends this connection (EOF or reset) before the read timeout, dropping what it sends. */
    boolean closedByPeer() throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
