package org.rapportcrm.platform.api.automation;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.metadata.FieldDefinition;

/**
 * Whiteboard SPI: a test that automation rules can put in front of their actions ("stage changed to Closed won",
 * "amount over 10,000"). The platform brings general ones ({@code record.field-equals}, {@code record.field-changed});
 * a capability adds its own. Parameters are described like fields, so rule editors and validation work from metadata.
 *
 * <pre>
 * &#64;Component
 * public class HighValue implements AutomationCondition {
 *     public String id() { return "sales.high-value"; }
 *     public String label() { return "Amount at least"; }
 *     public List&lt;FieldDefinition&gt; parameters() {
 *         return List.of(FieldDefinition.builder("minimum", FieldType.DECIMAL).required(true).build());
 *     }
 *     public boolean test(AutomationContext context) {
 *         Money amount = (Money) context.trigger().record().get("amount");
 *         return amount != null &amp;&amp; amount.amount().compareTo((BigDecimal) context.parameters().get("minimum")) &gt;= 0;
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface AutomationCondition {
    /** Unique and stable, prefixed by the contributing capability, for example {@code loyalty.balance-over}. */
    String id();

    String label();

    List<FieldDefinition> parameters();

    boolean test(AutomationContext context) throws Exception;
}
