// What the browser tests share: their exit codes, the --timeout and --chromium options, the
// deadline, and how Chromium is started. Exit codes: 0 passed; 1 the page failed a check (or the
// deadline passed); 2 bad arguments or no browser.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export class CheckFailed extends Error {}
export class Usage extends Error {}

export function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

/**
 * Parses the command line: the test's own options, plus --timeout (seconds) and --chromium.
 * Returns the parsed values and the timeout in milliseconds; throws Usage.
 */
export function parseOptions(own, defaultTimeoutSeconds) {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        ...own,
        timeout: { type: 'string', default: String(defaultTimeoutSeconds) },
        chromium: { type: 'string', default: '/usr/bin/chromium' },
      },
    }));
  } catch (e) {
    throw new Usage(e.message);
  }
  if (!existsSync(values.chromium)) throw new Usage(`no Chromium at ${values.chromium} (apt-get install chromium)`);
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new Usage('--timeout must be a positive number of seconds');
  return { values, timeoutMs: timeoutSeconds * 1000 };
}

/** From now: a function answering the milliseconds left before {@code timeoutMs}, failing once they are gone. */
export function deadline(timeoutMs) {
  const startedAt = Date.now();
  return () => {
    const left = timeoutMs - (Date.now() - startedAt);
    check(left > 0, `deadline of ${timeoutMs / 1000} s passed`);
    return left;
  };
}

export function launchChromium(executablePath, timeout) {
  return chromium.launch({
    executablePath,
    headless: true,
    // No sandbox (root in CI), no GPU, and nothing that talks to the network on its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
    timeout,
  });
}

/**
 * Runs a test as a program: {@code options()} reads the command line (a Usage ends it with 2),
 * then {@code run(opts)}, which resolves to a note for the "passed" line or throws. However Chromium
 * or the page misbehave, the process ends 15 s after the deadline.
 */
export async function main(name, usage, options, run) {
  let opts;
  try {
    opts = options();
  } catch (e) {
    console.error(`${name}: ${e.message}\n${usage}`);
    process.exit(2);
  }
  setTimeout(() => {
    console.error(`${name}: FAILED: still running ${opts.timeoutMs / 1000 + 15} s after start`);
    process.exit(1);
  }, opts.timeoutMs + 15_000).unref();
  try {
    const note = await run(opts);
    console.log(`${name}: passed${note ? ` ${note}` : ''}`);
    process.exit(0);
  } catch (e) {
    // The details (Playwright's call log, a stack) first; the last line says why, in one line.
    if (!(e instanceof CheckFailed)) console.error(e?.stack || e);
    console.error(`${name}: FAILED: ${String(e?.message ?? e).split('\n')[0]}`);
    process.exit(1);
  }
}
