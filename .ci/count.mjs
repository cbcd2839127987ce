#!/usr/bin/env node
// Sums test counts from Vitest JSON reports and the e2e runner's log; plain JS for Node 20 or 24.
//
//   node .ci/count.mjs vitest:<label>:<report.json>[:<exit code>] ... [e2e:<log file>[:<exit code>]]
//
// Prints one line per source, then exactly one final line `N passed, N failed`.
// Counted as failures: each failed test; a missing or unreadable report; a test file that failed without a
// failing test (it did not load, or a hook threw); a step that exited non-zero while reporting no failure
// (an unhandled error, a global setup that threw). Exits 1 when anything failed or no test ran at all.
import { existsSync, readFileSync } from 'node:fs';

const E2E_LINE = /e2e:\s*(\d+)\s+passed,\s*(\d+)\s+failed/;

function parseArg(arg) {
  const [kind, ...rest] = arg.split(':');
  let exit = null;
  if (rest.length > 1 && /^-?\d+$/.test(rest[rest.length - 1])) exit = Number(rest.pop());
  if (kind === 'vitest') {
    const label = rest.shift();
    return { kind, label, path: rest.join(':'), exit };
  }
  if (kind === 'e2e') return { kind, label: 'e2e', path: rest.join(':'), exit };
  throw new Error(`unknown source ${arg} (expected vitest:<label>:<file>[:<exit>] or e2e:<file>[:<exit>])`);
}

function countVitest(source) {
  const notes = [];
  if (!existsSync(source.path)) return { passed: 0, failed: 1, notes: [`no report at ${source.path}`] };
  let report;
  try {
    report = JSON.parse(readFileSync(source.path, 'utf8'));
  } catch (error) {
    return { passed: 0, failed: 1, notes: [`unreadable report ${source.path}: ${error.message}`] };
  }
  const passed = Number(report.numPassedTests) || 0;
  let failed = Number(report.numFailedTests) || 0;
  const results = Array.isArray(report.testResults) ? report.testResults : [];
  const brokenFiles = results.filter(
    (file) =>
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((assertion) => assertion.status === 'failed'),
  );
  for (const file of brokenFiles) {
    failed += 1;
    const why = String(file.message ?? '')
      .split('\n')[0]
      .slice(0, 200);
    notes.push(`file failed outside its tests: ${file.name}${why ? ` (${why})` : ''}`);
  }
  const missingSuites =
    (Number(report.numFailedTestSuites) || 0) - results.filter((f) => f.status === 'failed').length;
  if (missingSuites > 0) {
    failed += missingSuites;
    notes.push(`${missingSuites} failed suite(s) without a result entry`);
  }
  if (failed === 0 && report.success === false) {
    failed += 1;
    notes.push('report says the run did not succeed');
  }
  return { passed, failed, notes };
}

function countE2e(source) {
  if (!existsSync(source.path)) return { passed: 0, failed: 1, notes: [`no e2e log at ${source.path}`] };
  const lines = readFileSync(source.path, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = E2E_LINE.exec(lines[i]);
    if (match) return { passed: Number(match[1]), failed: Number(match[2]), notes: [] };
  }
  return { passed: 0, failed: 1, notes: ['no `e2e: N passed, N failed` line in its output'] };
}

let passed = 0;
let failed = 0;
const args = process.argv.slice(2);
if (args.length === 0) console.log('count: no sources given');
for (const arg of args) {
  let source;
  try {
    source = parseArg(arg);
  } catch (error) {
    console.log(`count: ${error.message}`);
    failed += 1;
    continue;
  }
  const result = source.kind === 'vitest' ? countVitest(source) : countE2e(source);
  if (source.exit !== null && source.exit !== 0 && result.failed === 0) {
    result.failed = 1;
    result.notes.push(`exited ${source.exit} without reporting a failure`);
  }
  passed += result.passed;
  failed += result.failed;
  console.log(`count: ${source.label}: ${result.passed} passed, ${result.failed} failed`);
  for (const note of result.notes) console.log(`count:   ${note}`);
}
if (passed + failed === 0) console.log('count: no test ran at all');
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed + failed === 0 ? 1 : 0;
