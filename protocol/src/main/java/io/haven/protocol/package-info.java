/** The Haven wire protocol v1: error codes, the envelope and the message records every node and client share. */
package io.haven.protocol;
