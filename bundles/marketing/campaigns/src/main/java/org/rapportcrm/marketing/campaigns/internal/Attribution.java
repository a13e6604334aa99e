package org.rapportcrm.marketing.campaigns.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a won deal's revenue is split across the campaigns that touched it (a response, an open or a click, of one of
 * the deal's contacts, inside its window): <em>first touch</em> gives it all to the campaign touched first, <em>last
 * touch</em> to the one touched last, <em>linear</em> equally to every campaign that touched it, however often each did.
 * Touches at the same instant go to the campaign whose id sorts first, so a split never depends on the order rows came.
 */
final class Attribution {
    /** The attribution models, by the name the API uses. */
    enum Model {
        FIRST_TOUCH("firstTouch"), LAST_TOUCH("lastTouch"), LINEAR("linear");

        final String apiName;

        Model(String apiName) {
            this.apiName = apiName;
        }

        static Optional<Model> of(String apiName) {
            return Arrays.stream(values()).filter(m -> m.apiName.equals(apiName)).findFirst();
        }

        static List<String> apiNames() {
            return Arrays.stream(values()).map(m -> m.apiName).toList();
        }
    }

    /** A campaign response that counts as a touch. */
    record Touch(String campaignId, Instant at) {
    }

    private static final Comparator<Touch> ORDER = Comparator.comparing(Touch::at).thenComparing(Touch::campaignId);

    private Attribution() {
    }

    /** Each touching campaign's share of the deal, between 0 and 1, adding up to 1 (empty without a touch). */
    static Map<String, BigDecimal> shares(Model model, List<Touch> touches) {
        Map<String, BigDecimal> shares = new LinkedHashMap<>();
        if (touches.isEmpty()) {
            return shares;
        }
        switch (model) {
            case FIRST_TOUCH -> shares.put(touches.stream().min(ORDER).orElseThrow().campaignId(), BigDecimal.ONE);
            case LAST_TOUCH -> shares.put(touches.stream().max(Comparator.comparing(Touch::at)
                    .thenComparing(Touch::campaignId, Comparator.reverseOrder())).orElseThrow().campaignId(), BigDecimal.ONE);
            case LINEAR -> {
                List<String> campaigns = touches.stream().sorted(ORDER).map(Touch::campaignId).distinct().toList();
                BigDecimal each = BigDecimal.ONE.divide(BigDecimal.valueOf(campaigns.size()), MathContext.DECIMAL64);
                campaigns.forEach(c -> shares.put(c, each));
            }
        }
        return shares;
    }

    /** The campaign's share of the deal under the model (zero if it did not touch it). */
    static BigDecimal share(Model model, List<Touch> touches, String campaignId) {
        return shares(model, touches).getOrDefault(campaignId, BigDecimal.ZERO);
    }
}
