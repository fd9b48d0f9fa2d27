// For tests of export, plan and apply: editing a file of an exported folder, and the report's
// shape as --output json prints it (src/estate/model.ts is the source of truth).
import { readFileSync, writeFileSync } from 'node:fs';
import type { EstateReport } from '../../src/estate/model.js';

/** Reads a JSON file, lets `change` edit it, writes it back. */
export function editJson(file: string, change: (body: Record<string, any>) => void): void {
  const body = JSON.parse(readFileSync(file, 'utf8'));
  change(body);
  writeFileSync(file, JSON.stringify(body, null, 2));
}

export type ReportJson = EstateReport;

/** name → outcome, for one-line expectations. */
export const outcomesOf = (report: EstateReport): Record<string, string> => Object.fromEntries(report.tenants.map((t) => [t.name, t.outcome]));
