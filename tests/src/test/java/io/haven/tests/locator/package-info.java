/**
 * The location service with real havend processes: three locators and two quorums over five nodes, routing of DATA
 * by path across quorums, DISCOVER from any node, and what happens when leaders die or a node stops heartbeating.
 */
package io.haven.tests.locator;
