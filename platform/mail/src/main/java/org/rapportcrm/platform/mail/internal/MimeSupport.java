package org.rapportcrm.platform.mail.internal;

import jakarta.activation.CommandMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Owns the JVM's default {@link CommandMap} while this bundle runs: the only place in the distribution that sets it.
 * Components that build or parse messages reference this one, so the map is in place before they work. The map is
 * JVM-wide and outlives the bundle revision that set it, hence the reset on deactivation.
 */
@Component(service = MimeSupport.class, immediate = true)
public class MimeSupport {
    @Activate
    public MimeSupport() {
        CommandMap.setDefaultCommandMap(new MailCommandMap());
    }

    @Deactivate
    void reset() {
        CommandMap.setDefaultCommandMap(null);
    }
}
