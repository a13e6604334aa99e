package org.rapportcrm.bench.runner;

/**
 * One measured scenario of the benchmark. It records its figures in {@link Results} as it goes, so that what it
 * measured before a failure is still reported.
 */
interface Scenario {
    /** The scenario's column in the table; it also names its RSS phase and its load-average entry. */
    String name();

    void run(BenchContext context, Results results) throws Exception;
}
