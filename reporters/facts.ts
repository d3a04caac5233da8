// Sentences every renderer says the same way: the run's filter and its score.
import { FILTERED_OUT, pct, reportScore } from '../src/report.ts';
import type { VendorReport } from '../src/types.ts';

/** "filtered run (--only A,B; --exclude C): N requirement(s) not run (filtered out)". */
export function filterLine(f: NonNullable<VendorReport['filter']>): string {
  const flags = [
    ...(f.only.length ? [`--only ${f.only.join(',')}`] : []),
    ...(f.exclude.length ? [`--exclude ${f.exclude.join(',')}`] : []),
  ].join('; ');
  return `filtered run (${flags}): ${f.filteredOut.length} requirement(s) ${FILTERED_OUT}`;
}

/** "score: 97% of the judged requirements passed; coverage: 90% judged (MUST 40/43, SHOULD 2/4)". */
export function scoreLine(report: Pick<VendorReport, 'summary' | 'requirements'>): string {
  const sc = reportScore(report);
  return `score: ${pct(sc.score)} of the judged requirements passed; coverage: ${pct(sc.coverage)} judged (MUST ${sc.MUST.judged}/${sc.MUST.total}, SHOULD ${sc.SHOULD.judged}/${sc.SHOULD.total})`;
}
