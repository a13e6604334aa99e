package org.rapportcrm.platform.capabilities.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapportcrm.platform.capabilities.internal.Capability;
import org.rapportcrm.platform.capabilities.internal.CapabilityManager;

/** Tab completion of capability names. */
@Service
public class CapabilityNameCompleter implements Completer {
    @Reference
    CapabilityManager capabilities;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        capabilities.list().stream().map(Capability::name).forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }
}
