package org.rapportcrm.service.portal.internal;

import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.console.AppPage;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * The portal's one HTML page at {@code /portal/}, with the console's security headers ({@link AppPage}). Its scripts
 * and styles are a module folder the console serves ({@link PortalFiles}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("rapport-portal")
@HttpWhiteboardServletPattern({"/portal", "/portal/*"})
public class PortalPage extends AppPage {
    private static final long serialVersionUID = 1L;

    @Activate
    public PortalPage(BundleContext context) {
        super("/portal/", context.getBundle().getEntry(PortalFiles.FOLDER + "/index.html"));
    }

    /** The page's scripts and styles, served by the console at {@code /app/ext/portal/}. */
    @Component
    public static class PortalFiles implements ConsoleModuleFolder {
        static final String FOLDER = "portal/web";

        @Override
        public String name() {
            return "portal";
        }

        @Override
        public String folder() {
            return FOLDER;
        }
    }
}
