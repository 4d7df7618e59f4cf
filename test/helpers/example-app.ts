import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** A recipe from examples/ running as its own process. */
export interface RunningExample {
  url: string;
  /** Sends SIGTERM (the recipe drains PostHog and exits) and resolves with how the process ended. */
  stop(): Promise<{ code: number | null; stderr: string }>;
}

/**
 * Starts `examples/<path>` with node, pointed at `host` on a free port, and resolves once it prints
 * `listening on <url>`. The recipe imports 'posthog-ts' by name: Node resolves the package's own
 * name through its exports map to the built dist/, as an installed copy would.
 */
export function startExample(path: string, host: string): Promise<RunningExample> {
  const child = spawn(process.execPath, [join(process.cwd(), 'examples', path)], {
    env: { ...process.env, POSTHOG_HOST: host, POSTHOG_API_KEY: 'phc_recipe', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (\S+)/.exec(stdout);
      if (match === null) return;
      const stop = async () => {
        child.kill('SIGTERM');
        return { code: await exited, stderr };
      };
      resolve({ url: match[1].replace(/\/$/, ''), stop });
    });
    void exited.then((code) => reject(new Error(`${path} exited with ${code} before listening: ${stderr}`)));
  });
}
