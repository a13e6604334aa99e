package org.rapportcrm.itests.testcap;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The bundle of a capability that cannot start: the listing must show it FAILED and still list everything else. */
public class BrokenActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("the test capability refuses to start");
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
