/**
 * The names of partner relationship management that other capabilities and integrations rely on: record types, fields
 * added to accounts and opportunities, the statuses of a deal registration and of partner collateral.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rapportcrm.prm.api;
