import type { ImportResult } from './import-types.js';
import type { MergeConflict } from './merge-into.js';

export interface ReportOptions {
  /** Warnings listed one by one (the rest are counted); all when undefined. */
  readonly maxListed?: number;
  readonly conflicts?: readonly MergeConflict[];
}

/** The import report as text: N endpoints, M warnings with their source, K skipped with the reason. */
export function formatReport(result: ImportResult, options: ReportOptions = {}): string {
  const endpoints = result.config.endpoints?.length ?? 0;
  const d = result.details ?? {};
  const operations = typeof d.operations === 'number' ? ` from ${d.operations} operations` : '';
  const lines = [`${result.format}: ${endpoints} endpoints${operations}, ${result.warnings.length} warnings, ${result.skipped.length} skipped`];
  if (typeof d.generatedBodies === 'number' && d.generatedBodies > 0) {
    lines.push(`  bodies generated from schemas: ${d.generatedBodies} (${Number(d.invalidBodies ?? 0)} do not validate)`);
  }
  const max = options.maxListed ?? Infinity;
  if (result.warnings.length > 0) lines.push('warnings:');
  for (const warning of result.warnings.slice(0, max)) lines.push(`  ${warning.source}: ${warning.message}`);
  if (result.warnings.length > max) lines.push(`  … and ${result.warnings.length - max} more (--verbose lists them all)`);
  if (result.skipped.length > 0) lines.push('skipped:');
  for (const item of result.skipped) lines.push(`  ${item.source}: ${item.reason}`);
  const conflicts = options.conflicts ?? [];
  if (conflicts.length > 0) lines.push(`conflicts (left out, the existing config wins): ${conflicts.length}`);
  for (const c of conflicts) lines.push(`  ${c.id}: ${c.reason}${c.reason === 'same id' ? '' : ` as "${c.existing}"`}`);
  return `${lines.join('\n')}\n`;
}
