#!/usr/bin/env node
'use strict';
/**
 * `npm run audit:shell`: Electronegativity (@doyensec/electronegativity) over the Electron shell's sources, with
 * the Electron version of package.json, through its programmatic runner (its CLI needs an older `commander` than
 * the one hoisted in node_modules). Fails (exit 1) on any HIGH severity finding that is not an exception below.
 */
const { readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..', '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/**
 * Findings accepted on purpose, each with its reason (check id → files, relative to the repository).
 * - none yet: every HIGH finding fails the audit.
 */
const EXCEPTIONS = {};

/** Reports of each finding; HIGH ones not excepted fail. Exported for tests/unit/tools/electronegativity.test.ts. */
async function audit(input = join(root, 'src')) {
  const run = require('@doyensec/electronegativity/dist/runner.js');
  const result = await run(
    { input, output: undefined, isSarif: false, customScan: [], excludeFromScan: [], severitySet: undefined, confidenceSet: undefined, isRelative: false, isVerbose: false, electronUpgrade: undefined, electronVersionOverride: electronVersion, parserPlugins: [] },
    false,
  );
  const findings = result.issues.map((issue) => ({
    id: issue.id,
    severity: issue.severity.name ?? String(issue.severity),
    confidence: issue.confidence.name ?? String(issue.confidence),
    file: relative(root, issue.file),
    line: issue.location?.line ?? 0,
    description: issue.description,
  }));
  const failing = findings.filter((f) => f.severity === 'HIGH' && !(EXCEPTIONS[f.id] ?? []).includes(f.file));
  return { electronVersion, checks: result.globalChecks + result.atomicChecks, errors: result.errors, findings, failing };
}

module.exports = { audit, EXCEPTIONS };

if (require.main === module) {
  audit().then(
    (report) => {
      process.stdout.write(`Electronegativity: ${report.checks} checks over src/ for Electron ${report.electronVersion}.\n`);
      for (const f of report.findings) process.stdout.write(`  ${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line} ${f.description}\n`);
      if (report.failing.length > 0) {
        process.stderr.write(`${report.failing.length} high-severity finding(s): fix them, or add a justified exception in tools/electronegativity/run.cjs.\n`);
        process.exit(1);
      }
      process.stdout.write('No high-severity finding.\n');
    },
    (err) => {
      process.stderr.write(`Electronegativity could not run: ${err.stack || err.message}\n`);
      process.exit(2);
    },
  );
}
