/** The havenctl command line on HavenClient. */
package io.haven.ctl;
