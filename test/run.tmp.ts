import { registerBuiltinChecks } from '../src/checks/all';
import { runChecks } from '../src/checks/registry';
(async () => {
  registerBuiltinChecks();
  const rows = await runChecks(process.argv[2]);
  for (const r of rows) console.log(r.pass ? 'pass' : 'FAIL', r.name, r.maxError, r.tolerance, r.error ?? '');
  console.log(rows.length, 'checks', rows.filter((r) => !r.pass).length, 'failed');
})();
