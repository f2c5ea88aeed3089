#!/usr/bin/python3
"""A Haven protocol v1 client written only from protocol-docs/, on Python's msgpack (Debian's python3-msgpack).

It talks to the havend at HOST PORT and prints one line per step, as space-separated key=value pairs, for
io.haven.tests.server.PythonClientTest to check:

    before_connect  a heartbeat sent before connect (must be ERROR_INCOMPLETE, connection kept open)
    connect         the CONNECT reply (session, node, heartbeat and session ttl)
    pong            a heartbeat ping's reply (type pong, result = the empty watchlist)
    unknown_action  a request with an action the protocol does not have (must be ERROR_INVALID naming "action")
    pipelined       three pings sent back to back, matched by _reqid
"""

import socket
import struct
import sys

import msgpack

# protocol-docs/README.md, framing: 4-byte big-endian length, then exactly one MessagePack map.
HEADER = struct.Struct(">I")


def send(sock, message):
    body = msgpack.packb(message, use_bin_type=True)
    sock.sendall(HEADER.pack(len(body)) + body)


def recv_exactly(sock, n):
    chunks = []
    while n > 0:
        chunk = sock.recv(n)
        if not chunk:
            raise EOFError("havend closed the connection")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def recv(sock):
    (length,) = HEADER.unpack(recv_exactly(sock, HEADER.size))
    message = msgpack.unpackb(recv_exactly(sock, length), raw=False)
    if not isinstance(message, dict):
        raise ValueError("a frame that is not a map: %r" % (message,))
    return message


def show(step, **fields):
    print(step + " " + " ".join("%s=%s" % (k, v) for k, v in fields.items()), flush=True)


def error_fields(reply):
    error = reply.get("error", {})
    return dict(
        action=reply.get("action"),
        reqid=reply.get("_reqid", "none"),
        result=reply.get("result"),
        status=reply.get("status"),
        code=error.get("code"),
        name=error.get("name"),
        items=",".join(error.get("items", [])),
    )


def main(host, port):
    with socket.create_connection((host, port), timeout=10) as sock:
        # README section 5: anything but connect first gets ERROR_INCOMPLETE and the connection stays open.
        send(sock, {"action": "heartbeat", "type": "ping", "_reqid": 1, "ack": 0})
        show("before_connect", **error_fields(recv(sock)))

        send(sock, {"action": "connect", "_reqid": 2, "version": "1", "client": "python-msgpack"})
        reply = recv(sock)
        node = reply["node"]
        show(
            "connect",
            action=reply["action"],
            reqid=reply["_reqid"],
            result=reply["result"],
            status=reply["status"],
            version=reply["version"],
            session=reply["session"],
            uuid=node["uuid"],
            roles=",".join(node["roles"]) or "none",
            heartbeat_ms=reply["heartbeat_ms"],
            session_ttl_ms=reply["session_ttl_ms"],
        )

        # actions.md, heartbeat: a pong carries the watchlist as result.
        send(sock, {"action": "heartbeat", "type": "ping", "_reqid": 3, "ack": 0})
        reply = recv(sock)
        show(
            "pong",
            action=reply["action"],
            type=reply["type"],
            reqid=reply["_reqid"],
            status=reply["status"],
            events=len(reply["result"]),
        )

        send(sock, {"action": "teleport", "_reqid": 4})
        show("unknown_action", **error_fields(recv(sock)))

        # README section 8: pipelining; answers are matched by _reqid, in any order.
        for reqid in (10, 11, 12):
            send(sock, {"action": "heartbeat", "type": "ping", "_reqid": reqid, "ack": 0})
        answered = sorted(recv(sock)["_reqid"] for _ in range(3))
        show("pipelined", reqids=",".join(str(r) for r in answered))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: haven_client.py HOST PORT")
    main(sys.argv[1], int(sys.argv[2]))
