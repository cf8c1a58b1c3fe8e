/** JSON: the report model as is (JSON.stringify escapes every control character). */
import type { Report } from '../model/report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
