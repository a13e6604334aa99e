/**
 * The marketing capability's names and services for other bundles (campaign sends, journeys, A/B tests, ROI): the
 * record types, who is in a segment ({@link org.rapportcrm.marketing.api.SegmentMembership}), the automation triggers
 * fired when a contact enters or leaves one, and whether a contact may be contacted for a purpose
 * ({@link org.rapportcrm.marketing.api.Consents}), and journeys' e-mails through the campaigns ({@link org.rapportcrm.marketing.api.JourneyMails}).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.rapportcrm.marketing.api;
