/**
 * The names of partner relationship management that other capabilities and integrations rely on: record types, fields
 * added to accounts and opportunities, and the statuses of a deal registration.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.prm.api;
