/**
 * What workflow rules work with: the actions they can take, the conditions they can test, and the capability events
 * they can start from. The automation capability runs the rules (after the triggering change committed, off the
 * request thread, at least once per firing); installed capabilities add their own actions, conditions and triggers
 * as whiteboard services. Contributions are listed at {@code GET /api/v1/automation}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rapportcrm.platform.api.automation;
