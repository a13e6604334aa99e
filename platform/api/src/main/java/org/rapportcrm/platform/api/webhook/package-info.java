/**
 * Signing and verifying webhooks as the Standard Webhooks specification says, in one place for every bundle that
 * sends or receives them.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.platform.api.webhook;
