/**
 * Saved list views: a named list of one record type with its columns, filter and sort, private to the user who saved
 * it or shared with everyone who may read the type. The platform keeps an index that serves each shared view's filter
 * and sort, so opening one reads just its page however large the table.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.platform.api.view;
