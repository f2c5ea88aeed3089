/** The havend daemon: the Netty server, sessions and the dispatch of the five actions. */
package io.haven.daemon;
