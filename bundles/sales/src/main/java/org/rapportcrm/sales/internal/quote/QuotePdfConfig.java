package org.rapportcrm.sales.internal.quote;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport quotes", description = "The seller printed on quote PDFs")
public @interface QuotePdfConfig {
    String PID = "org.rapportcrm.sales.quotes";

    @AttributeDefinition(name = "Company name")
    String companyName() default "Your company";

    @AttributeDefinition(name = "Company address", description = "Printed under the company name; one line per line")
    String companyAddress() default "";

    @AttributeDefinition(name = "Footer", description = "Printed at the foot of every page, such as bank details or registration")
    String footerText() default "";
}
