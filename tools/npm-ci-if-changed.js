// `node tools/npm-ci-if-changed.js DIR`: npm ci in DIR when its node_modules is missing or was
// installed from another package-lock.json (the stamp is a copy of the lock file the last npm ci
// installed), so every build after the first needs no network. Run by the Maven builds of the SES
// emulator and the web page, and by the browser test.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = path.resolve(process.argv[2] || '.');
const lock = path.join(dir, 'package-lock.json');
const stamp = path.join(dir, 'node_modules', '.installed-package-lock.json');
const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null);

if (read(stamp) !== null && read(stamp) === read(lock)) {
  console.log(`${path.basename(dir)}: node_modules matches package-lock.json`);
} else {
  execSync('npm ci --no-audit --no-fund', { cwd: dir, stdio: 'inherit' });
  fs.copyFileSync(lock, stamp);
}
