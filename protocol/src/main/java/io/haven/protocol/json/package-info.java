/** JSON to and from plain Java values, for the places where Haven's data is JSON (invocations, CLI and HTTP views). */
package io.haven.protocol.json;
