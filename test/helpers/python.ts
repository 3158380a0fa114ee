import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs test/clients/<script>.py with Debian's Python (its python3-* packages import only under
 * /usr/bin/python3) and returns its JSON output.
 */
export function runPython(script: string, args: Record<string, string>): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/python3',
      [join(__dirname, '..', 'clients', `${script}.py`), JSON.stringify(args)],
      { timeout: 20000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${script}.py failed: ${stderr || error.message}`));
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`${script}.py printed no JSON: ${stdout} ${stderr}`));
        }
      },
    );
  });
}
