package org.rapportcrm.service.portal.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.service.api.Cases;

/**
 * What the portal keeps: which contact was invited when and signs in as which user (readable by staff, gone with the
 * contact; the platform knows each user's contact too, and keeps the mailed links), and the comments customer and
 * service team exchange on a case. Portal links mailed before the platform kept them ({@code portalToken}) stay in
 * their table, unused.
 */
@Component
public class PortalTypes implements RecordTypeProvider {
    public static final String PORTAL_USER = "portalUser";
    public static final String COMMENT = "caseComment";

    static final RecordType PORTAL_USER_TYPE = new RecordType(PORTAL_USER, "portalUsers", "Portal user", "Portal users", "userName", List.of(
            builder("user", FieldType.TEXT).label("User id").maxLength(36).required(true).unique(true).build(),
            builder("userName", FieldType.TEXT).label("User name").maxLength(100).required(true).build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").required(true).master(true).onDelete(DeleteRule.CASCADE).indexed(true).build(),
            builder("invitedAt", FieldType.DATE_TIME).label("Invited").build()))
            .childOf("contact").withKind(RecordType.Kind.SYSTEM);

    /**
     * The public conversation on a case between the customer and the service team (internal notes stay activities,
     * which customers never see). Shared with the case's account; written by whoever may edit the case.
     */
    static final RecordType COMMENT_TYPE = new RecordType(COMMENT, "caseComments", "Case comment", "Case comments", "case", List.of(
            builder("case", FieldType.REFERENCE).label("Case").referenceTo(Cases.TYPE).required(true).master(true).onDelete(DeleteRule.CASCADE)
                    .indexed(true).build(),
            builder("body", FieldType.LONG_TEXT).label("Comment").required(true).build(),
            builder("fromCustomer", FieldType.BOOLEAN).label("From the customer").defaultValue(false).build()))
            .childOf("case");

    @Override
    public List<RecordType> recordTypes() {
        return List.of(PORTAL_USER_TYPE, COMMENT_TYPE);
    }
}
