import type { VendorReport } from '../src/types.ts';

export function renderJson(report: VendorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
