// Starts aws-ses-v2-local (same arguments as its cli.js) and exits when the parent JVM goes away:
// its end of our stdin closes then, even when it was killed without a chance to stop us.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
require('./node_modules/aws-ses-v2-local/dist/cli.js');
