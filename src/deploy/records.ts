// Where deploys leave their trace: .git/shipver/deploys.jsonl (one line per deploy)
// and .git/shipver/deploys/<env>-<version>.log (the command's output).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface DeployRecord {
  env: string;
  project: string;
  version: string;
  tag: string;
  /** null for a GitOps deploy */
  command: string[] | null;
  cwd: string;
  trigger: 'push' | 'manual';
  start: string;
  durationMs: number;
  /** the command's exit code; null when it never ran (tag never arrived, timed out waiting, refused) */
  exitCode: number | null;
  outcome: 'deployed' | 'failed' | 'tag-missing' | 'timeout' | 'error';
  log: string;
  message?: string;
}

export function deployDir(gitDir: string): string {
  return path.join(gitDir, 'shipver');
}

export function logFileFor(gitDir: string, env: string, version: string): string {
  return path.join(deployDir(gitDir), 'deploys', `${env}-${version}.log`);
}

export function appendRecord(gitDir: string, rec: DeployRecord): void {
  mkdirSync(deployDir(gitDir), { recursive: true });
  // One write of one line: appends from concurrent runners do not interleave within a line.
  appendFileSync(path.join(deployDir(gitDir), 'deploys.jsonl'), JSON.stringify(rec) + '\n');
}

export function readRecords(gitDir: string): DeployRecord[] {
  const file = path.join(deployDir(gitDir), 'deploys.jsonl');
  if (!existsSync(file)) return [];
  const out: DeployRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as DeployRecord);
    } catch {
      // a torn last line after a crash: skip it
    }
  }
  return out;
}
