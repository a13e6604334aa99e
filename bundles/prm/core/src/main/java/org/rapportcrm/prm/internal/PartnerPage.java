package org.rapportcrm.prm.internal;

import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.console.AppPage;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * The partner portal's page at {@code /partners/}: partners' users sign in with the platform's session and work
 * through the generic REST API as external principals, so sharing decides what they see. Its script and styles are a
 * module folder the console serves at {@code /app/ext/partners/}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("rapport-partners")
@HttpWhiteboardServletPattern({"/partners", "/partners/*"})
public class PartnerPage extends AppPage {
    private static final long serialVersionUID = 1L;

    @Activate
    public PartnerPage(BundleContext context) {
        super("/partners/", context.getBundle().getEntry(PartnerFiles.FOLDER + "/index.html"));
    }

    /** The page's script and styles. */
    @Component
    public static class PartnerFiles implements ConsoleModuleFolder {
        static final String FOLDER = "prm/web";

        @Override
        public String name() {
            return "partners";
        }

        @Override
        public String folder() {
            return FOLDER;
        }
    }
}
