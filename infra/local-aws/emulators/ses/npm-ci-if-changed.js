// Run by the Maven build: npm ci when node_modules is missing or was installed from another
// package-lock.json (the stamp is a copy of the lock file that the last npm ci installed).
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const lock = path.join(__dirname, 'package-lock.json');
const stamp = path.join(__dirname, 'node_modules', '.installed-package-lock.json');
const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null);

if (read(stamp) === read(lock) && fs.existsSync(path.join(__dirname, 'node_modules', 'aws-ses-v2-local'))) {
  console.log('aws-ses-v2-local: node_modules matches package-lock.json');
} else {
  execSync('npm ci --no-audit --no-fund', { cwd: __dirname, stdio: 'inherit' });
  fs.copyFileSync(lock, stamp);
}
