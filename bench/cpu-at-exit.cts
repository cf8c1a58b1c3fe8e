/**
 * Preloaded (`node --require`; CommonJS, so no process under measure starts the ES module loader for it) into the processes of the start-up figure: at exit, writes the
 * process's CPU time (user + system, ms) and wall time since it started to the file named by
 * TLSCHECK_BENCH_CPU_FILE, so `node -e 0` and `tlscheck <domain>` are measured the same way.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.TLSCHECK_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const figures = { cpuMs: (cpu.user + cpu.system) / 1000, uptimeMs: process.uptime() * 1000 };
    writeFileSync(file, JSON.stringify(figures));
  });
}
