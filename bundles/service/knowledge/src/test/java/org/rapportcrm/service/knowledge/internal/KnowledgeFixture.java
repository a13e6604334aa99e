package org.rapportcrm.service.knowledge.internal;

import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.service.internal.ServiceTypes;

/** The real platform core over in-memory Derby with the case and knowledge types, rules and portal sharing registered. */
final class KnowledgeFixture implements AutoCloseable {
    final CoreFixture core = new CoreFixture();
    final ArticleRules rules;
    final Articles articles;
    final Actor admin;
    /** An agent: writes articles and submits them for review, links them to cases; does not publish. */
    final Actor agent;
    /** A reviewer: an agent who is also a knowledge editor. */
    final Actor editor;

    KnowledgeFixture() {
        core.metadata.addProvider(new ServiceTypes());
        core.metadata.addProvider(new KnowledgeTypes());
        rules = new ArticleRules(core.records, core.policy);
        articles = new Articles(core.records, rules);
        core.records.addTrigger(rules, "org.rapportcrm.service.knowledge");
        core.records.addTrigger(new CaseArticleRules(core.records, articles), "org.rapportcrm.service.knowledge");
        core.policy.addPublicSharingRule(new KnowledgeComponents.PortalArticles());
        admin = core.user("root", Set.of("admin"), Set.of());
        agent = core.user("sam", Set.of("service"), Set.of());
        editor = core.user("erin", Set.of("service", "knowledge-editor"), Set.of());
    }

    Record article(Actor actor, Map<String, Object> values) {
        return core.records.create(actor, KnowledgeTypes.ARTICLE, values);
    }

    Record update(Actor actor, Record record, Map<String, Object> changes) {
        Record current = reload(record);
        return core.records.update(actor, record.getType(), record.getId(), current.getVersion(), changes);
    }

    Record reload(Record record) {
        return core.records.get(Actor.system(), record.getType(), record.getId());
    }

    @Override
    public void close() {
        core.close();
    }
}
