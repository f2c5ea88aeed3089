package io.haven.protocol.message;

/** Anything a node sends to a client: a {@link Response} to one of its requests, or a {@link Push}. */
public sealed interface ServerMessage permits Response, Push {}
