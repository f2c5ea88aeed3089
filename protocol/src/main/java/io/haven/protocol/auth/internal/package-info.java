/**
 * The machinery behind {@link io.haven.protocol.auth}: Ed25519 through the JDK's own provider, PEM files, strict
 * base64url, the MessagePack layout of token blocks and the key-order arithmetic of filtered pages. Not an API:
 * anything here may change without notice. Everything here is stateless and thread-safe.
 */
package io.haven.protocol.auth.internal;
