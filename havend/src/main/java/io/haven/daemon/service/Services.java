package io.haven.daemon.service;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services one node runs, handed to the server at start. Closing closes them in reverse order of their
 * listing; a failure to close one is logged and does not keep the others open.
 */
public record Services(
        ControlService control,
        DataService data,
        ManageService manage,
        DiscoverService discover,
        HeartbeatService heartbeat)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);

    public Services {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(manage, "manage");
        Objects.requireNonNull(discover, "discover");
        Objects.requireNonNull(heartbeat, "heartbeat");
    }

    /** A node with no roles yet: every service answers ERROR_UNAVAILABLE. */
    public static Services unavailable() {
        return new Services(
                ControlService.unavailable(),
                DataService.unavailable(),
                ManageService.unavailable(),
                DiscoverService.unavailable(),
                HeartbeatService.empty());
    }

    public Services withData(DataService service) {
        return new Services(control, service, manage, discover, heartbeat);
    }

    public Services withControl(ControlService service) {
        return new Services(service, data, manage, discover, heartbeat);
    }

    public Services withManage(ManageService service) {
        return new Services(control, data, service, discover, heartbeat);
    }

    public Services withDiscover(DiscoverService service) {
        return new Services(control, data, manage, service, heartbeat);
    }

    public Services withHeartbeat(HeartbeatService service) {
        return new Services(control, data, manage, discover, service);
    }

    @Override
    public void close() {
        closeQuietly("heartbeat", heartbeat);
        closeQuietly("discover", discover);
        closeQuietly("manage", manage);
        closeQuietly("data", data);
        closeQuietly("control", control);
    }

    private static void closeQuietly(String name, AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            LOG.warn("closing the {} service failed", name, e);
        }
    }
}
