/**
 * Actions and conditions that automation rules can use. <b>Provisional:</b> no rule engine runs them yet; the
 * automation capability (workflow rules) will, and may change these interfaces in a major version when it does.
 * Contributions registered now are listed at {@code GET /api/v1/automation}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.platform.api.automation;
