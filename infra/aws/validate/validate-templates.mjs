// `node validate-templates.mjs DIR`: validates every *.template.json under DIR (a cloud assembly)
// with @aws/cloudformation-validate, offline. Prints each warning and error (informational findings
// are only counted); exits 1 if any is an error.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RegoEngine, TemplateFile } from '@aws/cloudformation-validate';

const templates = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  if (statSync(path).isDirectory()) return templates(path);
  return name.endsWith('.template.json') ? [path] : [];
});

const found = templates(process.argv[2] ?? 'cdk.out');
if (found.length === 0) {
  console.error(`validate-templates: no templates under ${process.argv[2]}`);
  process.exit(1);
}
const engine = new RegoEngine();
let errors = 0;
let infos = 0;
try {
  for (const path of found) {
    const report = engine.validateStandard(new TemplateFile(path));
    for (const d of report.diagnostics) {
      const severity = String(d.severity).toLowerCase();
      if (severity === 'info' || severity === 'informational') {
        infos++;
        continue;
      }
      console.log(`${path}: [${d.severity}] ${d.ruleId}: ${d.message}`);
      if (severity === 'error') errors++;
    }
  }
} finally {
  engine.free();
}
console.log(`validate-templates: ${found.length} templates, ${errors} errors, ${infos} informational findings`);
process.exit(errors > 0 ? 1 : 0);
