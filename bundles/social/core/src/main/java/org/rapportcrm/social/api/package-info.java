/**
 * The social CRM capability's public face: the {@link org.rapportcrm.social.api.SocialChannel} SPI through which a
 * network adapter brings posts in and sends replies out, and the names of the capability's record types and trigger.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rapportcrm.social.api;
