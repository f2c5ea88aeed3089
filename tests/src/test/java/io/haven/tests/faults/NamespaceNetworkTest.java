package io.haven.tests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The namespaces, veths and bridge of a fault run: made, cut, healed and removed by the test itself. */
class NamespaceNetworkTest {
    private static String owned() throws Exception {
        String tag = NamespaceNetwork.PREFIX + ProcessHandle.current().pid();
        StringBuilder b = new StringBuilder();
        for (String line : (Ip.run("netns", "list") + Ip.run("-o", "link", "show")).split("\n")) {
            if (line.contains(tag)) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void closingTheNetworkRemovesEveryNamespaceAndLinkItMade() throws Exception {
        assumeTrue(Ip.namespacesAvailable(), "network namespaces cannot be made here (not root or no iproute2)");
        try (NamespaceNetwork net = NamespaceNetwork.create(3)) {
            assertFalse(owned().isEmpty(), "nothing was made");
            assertTrue(net.describe().contains("3 nodes"), net.describe());
        }
        assertEquals("", owned(), "left behind");
    }

    @Test
    void healingRemovesTheBlackholeRoutesACutAdded() throws Exception {
        assumeTrue(Ip.namespacesAvailable(), "network namespaces cannot be made here (not root or no iproute2)");
        try (NamespaceNetwork net = NamespaceNetwork.create(3)) {
            net.cut(Set.of(0), Set.of(1, 2));
            String cut = net.blackholes();
            assertTrue(
                    cut.contains(net.address(1)) && cut.contains(net.address(2)) && cut.contains(net.address(0)),
                    "routes after the cut: " + cut);
            net.heal();
            assertEquals("", net.blackholes(), "routes after healing");
        }
    }
}
