package org.rapportcrm.platform.files.internal.scan;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.file.FileScanner;

/**
 * Streams every upload to ClamAV's {@code clamd} (INSTREAM) while it arrives. Active only once an administrator
 * configured it ({@code etc/org.rapportcrm.files.clamav.cfg}); without it uploads are not scanned.
 */
@Component(service = FileScanner.class, configurationPid = ClamdScanner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ClamdScanner.Config.class)
public class ClamdScanner implements FileScanner {
    public static final String PID = "org.rapportcrm.files.clamav";

    @ObjectClassDefinition(name = "Rapport virus scanning (ClamAV)",
            description = "Scans every uploaded file with ClamAV's clamd before it is kept. clamd's StreamMaxLength (clamd.conf, 25M"
                    + " by default) must be at least the platform's largest accepted file: a larger upload is refused as unscannable.")
    public @interface Config {
        @AttributeDefinition(description = "Host clamd listens on (its TCPAddr); not used when a socket is set")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port clamd listens on (its TCPSocket); not used when a socket is set")
        int port() default 3310;

        @AttributeDefinition(description = "Path of clamd's unix socket (its LocalSocket, e.g. /run/clamav/clamd.ctl); used instead of host and port when set")
        String socket() default "";

        @AttributeDefinition(description = "Seconds clamd may stay silent (connecting, taking the bytes, or scanning after the last one) before the upload is refused as unscannable")
        int timeoutSeconds() default 60;
    }

    private final SocketAddress address;
    private final Duration timeout;

    @Activate
    public ClamdScanner(Config config) {
        String socket = config.socket() == null ? "" : config.socket().trim();
        this.address = socket.isEmpty() ? new InetSocketAddress(config.host(), config.port()) : UnixDomainSocketAddress.of(socket);
        this.timeout = Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
    }

    @Override
    public Scan begin(String fileName) throws IOException {
        return new ClamdStream(ClamdConnection.open(address, timeout));
    }

    @Override
    public String toString() {
        return "clamd at " + address;
    }
}
