// Profiling aid: prints the functions with the most self time in the first .cpuprofile of a folder. `node test/bench/top-profile.cjs /tmp/asthma-bench/prof 30`
const fs = require('fs');
const dir = process.argv[2];
const f = fs.readdirSync(dir).sort()[0];
const p = JSON.parse(fs.readFileSync(dir + '/' + f));
const idx = new Map(p.nodes.map((n) => [n.id, n]));
const dt = p.timeDeltas;
const cnt = new Map();
p.samples.forEach((s, i) => cnt.set(s, (cnt.get(s) || 0) + (dt[i] || 0)));
const self = new Map();
for (const [id, t] of cnt) {
  const n = idx.get(id);
  const k = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').slice(-3).join('/') + ':' + n.callFrame.lineNumber;
  self.set(k, (self.get(k) || 0) + t);
}
console.log(
  [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, +(process.argv[3] || 30))
    .map(([k, t]) => ((t / 1000) | 0) + 'ms ' + k)
    .join('\n'),
);
