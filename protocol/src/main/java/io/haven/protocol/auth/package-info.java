/**
 * Haven's token scheme: Ed25519-signed capability tokens that a cluster key issues ({@link
 * io.haven.protocol.auth.TokenIssuer}), any holder narrows offline ({@link io.haven.protocol.auth.Token#attenuate}),
 * and a node verifies ({@link io.haven.protocol.auth.TokenVerifier}) into an {@link io.haven.protocol.auth.Identity};
 * the {@link io.haven.protocol.auth.Authorizer} then answers, for every request, whether that identity may make it,
 * and filters what listings and watches show it. The wire layout of a token, the capabilities and what each action
 * needs are specified in {@code protocol-docs/auth.md}.
 *
 * <p>Crypto is the JDK's own (SunEC Ed25519, SHA-256); nothing here reads a clock of its own: verifiers and rate
 * limiters are given one. Every type is immutable and thread-safe except {@link
 * io.haven.protocol.auth.AddressRateLimiter}, which is thread-safe by its own lock. No method accepts or returns
 * null. A refused token is a {@link io.haven.protocol.auth.TokenRefusedException} (FORBIDDEN, 401) and a refused
 * action a {@link io.haven.protocol.HavenException} (FORBIDDEN, 403); neither message ever holds a token's text,
 * only its {@linkplain io.haven.protocol.auth.Token#fingerprint(String) fingerprint}.
 */
package io.haven.protocol.auth;
