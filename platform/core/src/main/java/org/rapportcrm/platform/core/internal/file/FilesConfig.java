package org.rapportcrm.platform.core.internal.file;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport files", description = "Files kept with records: size cap, media types, text extraction")
public @interface FilesConfig {
    String PID = "org.rapportcrm.files";

    @AttributeDefinition(description = "Largest file accepted, in megabytes; larger uploads are refused with 413 "
            + "(a virus scanner's own limit, such as clamd's StreamMaxLength, must be at least this)")
    int maxSizeMegabytes() default 250;

    @AttributeDefinition(description = "Media types refused (detected from the content, not the client's word); "
            + "a type ending in /* refuses the whole family")
    String[] refusedMediaTypes() default {"application/x-msdownload", "application/x-dosexec", "application/x-executable",
        "application/x-sharedlib", "application/x-mach-o-executable", "application/x-elf", "application/x-sh",
        "application/x-bat", "application/x-msi", "application/java-archive", "application/vnd.microsoft.portable-executable"};

    @AttributeDefinition(description = "If not empty, only these media types are accepted (a type ending in /* allows the "
            + "whole family); the refused ones are refused in any case")
    String[] allowedMediaTypes() default {};

    @AttributeDefinition(description = "Most characters of a file's text kept for the search")
    int textMaxCharacters() default 1_000_000;
}
