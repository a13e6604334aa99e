package org.rapportcrm.platform.capabilities.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureState;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.cluster.SharedSettings;
import org.rapportcrm.platform.capabilities.internal.CapabilityException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for capabilities: which features they are ({@link CapabilityFilter}), what each one's bundles are doing
 * and contribute, and installing, upgrading and uninstalling them through Karaf's FeaturesService. REST, shell and
 * console all go through here. Uninstalling removes bundles only: configurations and data (tables) stay.
 *
 * <p>What an administrator installs, upgrades or uninstalls is also stored in the shared settings
 * ({@link ClusterCapabilities}), so that every node of a cluster does the same ({@link CapabilitySync}). Changes are
 * made one at a time on a node.
 */
@Component(service = CapabilityManager.class)
public class CapabilityManager {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityManager.class);
    /**
     * Never refresh bundles outside the capability: a refresh restarts every bundle wired to a changed one, which
     * would bounce the REST servlet, the console and other capabilities in the middle of their requests.
     */
    private static final EnumSet<FeaturesService.Option> INSTALL = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private static final EnumSet<FeaturesService.Option> UPGRADE = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles,
            FeaturesService.Option.Upgrade);
    /** No DeleteConfigurations: the capability's settings are kept for a reinstall, like its data. */
    private static final EnumSet<FeaturesService.Option> UNINSTALL = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    public enum Outcome { INSTALLED, UPGRADED, ALREADY_INSTALLED }

    public record InstallResult(Capability capability, Outcome outcome, String previousVersion) {
    }

    private final FeaturesService features;
    private final SharedSettings settings;
    private final BundleContext context;
    private final ReentrantLock oneChangeAtATime = new ReentrantLock();
    private final ContributionFinder contributions;
    /** Capabilities being installed, upgraded or uninstalled now, with what is done to them. */
    private final Map<String, String> changing = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public CapabilityManager(@Reference FeaturesService features, @Reference SharedSettings settings, BundleContext context) {
        this.features = features;
        this.settings = settings;
        this.context = context;
        this.contributions = new ContributionFinder(context);
    }

    public List<Capability> list() {
        List<Capability> result = new ArrayList<>();
        for (Map.Entry<String, List<Feature>> e : capabilityFeatures().entrySet()) {
            result.add(describe(e.getKey(), e.getValue()));
        }
        return result;
    }

    /** @throws CapabilityException UNKNOWN or NOT_A_CAPABILITY */
    public Capability get(String name) {
        return describe(name, versionsOf(name));
    }

    /**
     * Installs the newest version, upgrades to it if an older one is installed, or does nothing if it is installed; the
     * other nodes of a cluster follow.
     */
    public InstallResult install(String name) {
        List<Feature> versions = versionsOf(name);
        InstallResult result = installVersion(name, latest(versions).getVersion());
        settings.put(ClusterCapabilities.SCOPE, name, ClusterCapabilities.installed(result.capability().version()));
        return result;
    }

    /**
     * Uninstalls it; the other nodes of a cluster follow.
     *
     * @return false if it was not installed (nothing to do)
     */
    public boolean uninstall(String name) {
        boolean any = uninstallHere(name);
        settings.put(ClusterCapabilities.SCOPE, name, ClusterCapabilities.uninstalled());
        return any;
    }

    /** Installs {@code version} on this node, or upgrades to it, unless it or a newer one is installed. */
    InstallResult installVersion(String name, String version) {
        oneChangeAtATime.lock();
        try {
            List<Feature> versions = versionsOf(name);
            Feature installed = installed(versions);
            if (installed != null && !Versions.isNewer(version, installed.getVersion())) {
                return new InstallResult(describe(name, versions), Outcome.ALREADY_INSTALLED, installed.getVersion());
            }
            long start = System.nanoTime();
            changing.put(name, installed == null ? "installing " + version : "upgrading to " + version);
            try {
                features.installFeature(name, version, installed == null ? INSTALL : UPGRADE);
            } catch (Exception e) {
                throw failure(name, version, "install", e);
            } finally {
                changing.remove(name);
            }
            LOG.info("Capability {} {} {} in {} ms", name, version, installed == null ? "installed" : "upgraded from " + installed.getVersion(),
                    (System.nanoTime() - start) / 1_000_000);
            Capability now = get(name);
            return new InstallResult(now, installed == null ? Outcome.INSTALLED : Outcome.UPGRADED,
                    installed == null ? null : installed.getVersion());
        } finally {
            oneChangeAtATime.unlock();
        }
    }

    /** Uninstalls it from this node. @return false if it was not installed */
    boolean uninstallHere(String name) {
        oneChangeAtATime.lock();
        try {
            List<Feature> versions = versionsOf(name);
            boolean any = false;
            for (Feature f : versions) {
                if (!features.isInstalled(f)) {
                    continue;
                }
                if (!features.isRequired(f)) {
                    throw new CapabilityException(Kind.FAILED, name + " " + f.getVersion()
                            + " is installed as part of another feature (for example rapport-all); uninstall that feature instead", null);
                }
                changing.put(name, "uninstalling " + f.getVersion());
                try {
                    features.uninstallFeature(name, f.getVersion(), UNINSTALL);
                } catch (Exception e) {
                    throw failure(name, f.getVersion(), "uninstall", e);
                } finally {
                    changing.remove(name);
                }
                LOG.info("Capability {} {} uninstalled; its data and configuration are kept", name, f.getVersion());
                any = true;
            }
            return any;
        } finally {
            oneChangeAtATime.unlock();
        }
    }

    /** What this node has of each capability its repositories offer. */
    Map<String, ClusterCapabilities.Local> local() {
        Map<String, ClusterCapabilities.Local> local = new TreeMap<>();
        capabilityFeatures().forEach((name, versions) -> {
            Feature installed = installed(versions);
            local.put(name, new ClusterCapabilities.Local(installed == null ? null : installed.getVersion(),
                    versions.stream().map(Feature::getVersion).collect(java.util.stream.Collectors.toSet())));
        });
        return local;
    }

    /** What is being done to which capability right now. */
    public Map<String, String> changing() {
        return Map.copyOf(changing);
    }

    private CapabilityException failure(String name, String version, String action, Exception e) {
        Feature f = find(name, version);
        boolean installedNow = f != null && features.isInstalled(f);
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String message = action.equals("install") && installedNow
                ? name + " " + version + " was installed but did not start: " + reason
                : "Could not " + action + " " + name + " " + version + ": " + reason;
        LOG.error(message, e);
        return new CapabilityException(Kind.FAILED, message, e);
    }

    /** Capability features by name (sorted), every version each. */
    private Map<String, List<Feature>> capabilityFeatures() {
        Map<String, Map<String, Feature>> byName = new TreeMap<>();
        Repository[] repositories;
        try {
            repositories = features.listRepositories();
        } catch (Exception e) {
            throw new CapabilityException(Kind.FAILED, "The feature repositories could not be read: " + e.getMessage(), e);
        }
        for (Repository repo : repositories) {
            if (!CapabilityFilter.isRapportRepository(repo.getName())) {
                continue;
            }
            Feature[] fs;
            try {
                fs = repo.getFeatures();
            } catch (Exception e) {
                LOG.warn("Skipping features repository {}: {}", repo.getURI(), e.toString());
                continue;
            }
            for (Feature f : fs) {
                if (CapabilityFilter.isCapability(f.getName(), repo.getName(), f.isHidden())) {
                    byName.computeIfAbsent(f.getName(), k -> new LinkedHashMap<>()).putIfAbsent(f.getVersion(), f);
                }
            }
        }
        Map<String, List<Feature>> result = new TreeMap<>();
        byName.forEach((name, versions) -> result.put(name, List.copyOf(versions.values())));
        return result;
    }

    private List<Feature> versionsOf(String name) {
        List<Feature> versions = name == null ? null : capabilityFeatures().get(name);
        if (versions != null) {
            return versions;
        }
        if (name != null && (CapabilityFilter.PLATFORM_FEATURES.contains(name) || existsAnywhere(name))) {
            throw new CapabilityException(Kind.NOT_A_CAPABILITY, name + " is a feature but not a capability: only rapport-* features"
                    + " of Rapport's feature repositories are, and the platform's own features cannot be managed here", null);
        }
        throw new CapabilityException(Kind.UNKNOWN, "There is no capability named " + name, null);
    }

    private boolean existsAnywhere(String name) {
        try {
            return features.getFeatures(name).length > 0;
        } catch (Exception e) {
            return false;
        }
    }

    private Feature find(String name, String version) {
        try {
            return features.getFeature(name, version);
        } catch (Exception e) {
            return null;
        }
    }

    private static Feature latest(List<Feature> versions) {
        return versions.stream().max((a, b) -> Versions.ORDER.compare(a.getVersion(), b.getVersion())).orElseThrow();
    }

    private Feature installed(List<Feature> versions) {
        return versions.stream().filter(features::isInstalled)
                .max((a, b) -> Versions.ORDER.compare(a.getVersion(), b.getVersion())).orElse(null);
    }

    private Capability describe(String name, List<Feature> versions) {
        Feature latest = latest(versions);
        Feature installed = installed(versions);
        Feature shown = installed != null ? installed : latest;
        List<Capability.BundleView> views = new ArrayList<>();
        List<Bundle> own = new ArrayList<>();
        if (installed != null) {
            // The framework starts the bundles of a start level one by one while it is at that level: a bundle's
            // start is over only once the framework has moved past its level.
            int frameworkStartLevel = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class).getStartLevel();
            for (BundleInfo info : shown.getBundles()) {
                Bundle b = context.getBundle(info.getLocation().trim());
                if (b == null) {
                    if (!info.isDependency()) {
                        views.add(new Capability.BundleView(-1, info.getLocation(), null, States.MISSING));
                    }
                    continue;
                }
                boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
                views.add(new Capability.BundleView(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                        States.bundle(b.getState(), fragment, info.isStart(), true,
                                b.adapt(BundleStartLevel.class).getStartLevel() < frameworkStartLevel)));
                if (!info.isDependency()) {
                    own.add(b);
                }
            }
        }
        FeatureState karafState = installed == null ? null : features.getState(shown.getId());
        String state = States.capability(installed != null, karafState == null ? null : karafState.name(),
                views.stream().map(Capability.BundleView::state).toList());
        return new Capability(name, shown.getVersion(), latest.getVersion(), shown.getDescription(), installed != null,
                state.toUpperCase(Locale.ROOT), views, contributions.of(own));
    }
}
