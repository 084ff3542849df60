// The processes of a benchmark's own process tree, read from /proc: the browser it
// launched and that browser's renderers, never another browser on the machine.
import { readFileSync, readdirSync } from 'node:fs';

/** Processes under `root` (here: this process, whose child is the browser), read from /proc. */
export function descendants(root) {
  const procs = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status) ?? [])[1] ?? 0) * 1024;
      const cmdline = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      procs.push({ pid: Number(d), ppid, cmdline, rss: kb('VmRSS'), hwm: kb('VmHWM') });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!inTree.has(p.pid) && inTree.has(p.ppid)) { inTree.add(p.pid); grew = true; }
  }
  return procs.filter((p) => inTree.has(p.pid) && p.pid !== root);
}
