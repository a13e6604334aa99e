package org.rapportcrm.sales.internal.analytics;

import java.math.BigDecimal;
import org.rapportcrm.sales.api.ForecastFigures;

/** Adds up the deals of one forecast group (an owner, a team, a month or the total). */
final class ForecastTally {
    private BigDecimal pipeline = BigDecimal.ZERO;
    private BigDecimal bestCase = BigDecimal.ZERO;
    private BigDecimal commit = BigDecimal.ZERO;
    private BigDecimal closed = BigDecimal.ZERO;
    private BigDecimal weighted = BigDecimal.ZERO;
    private long pipelineCount;
    private long bestCaseCount;
    private long commitCount;
    private long closedCount;
    private long omittedCount;

    void add(Deal deal) {
        switch (deal.category()) {
            case OMITTED -> omittedCount++;
            case CLOSED -> {
                closed = closed.add(deal.amount());
                closedCount++;
                addToCommit(deal);
            }
            case COMMIT -> {
                addToPipeline(deal);
                addToCommit(deal);
            }
            case BEST_CASE -> {
                addToPipeline(deal);
                addToBestCase(deal);
            }
            case PIPELINE -> addToPipeline(deal);
        }
    }

    // Commit counts in best case too: the categories are nested (commit within best case).
    private void addToCommit(Deal deal) {
        commit = commit.add(deal.amount());
        commitCount++;
        addToBestCase(deal);
    }

    private void addToBestCase(Deal deal) {
        bestCase = bestCase.add(deal.amount());
        bestCaseCount++;
    }

    private void addToPipeline(Deal deal) {
        pipeline = pipeline.add(deal.amount());
        weighted = weighted.add(deal.weighted());
        pipelineCount++;
    }

    ForecastFigures figures() {
        return new ForecastFigures(Figures.money(pipeline), Figures.money(bestCase), Figures.money(commit), Figures.money(closed),
                Figures.money(weighted), pipelineCount, bestCaseCount, commitCount, closedCount, omittedCount);
    }
}
