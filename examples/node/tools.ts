import { readdir, readFile } from 'node:fs/promises';
import { join, normalize, relative } from 'node:path';
import { tool } from 'ai';
import { z } from 'zod';

/** Read-only tools over one folder; paths outside it are refused, so the agent cannot wander off. */
export function createCodeTools(root: string) {
  const resolveInside = (path: string) => {
    const full = normalize(join(root, path));
    if (relative(root, full).startsWith('..')) throw new Error(`path outside the sample folder: ${path}`);
    return full;
  };

  async function listAll(dir: string): Promise<string[]> {
    // Sorted, so the listing (and what the agent does with it) is the same on every file system.
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const nested = await Promise.all(
      entries.map((entry) =>
        entry.isDirectory() ? listAll(join(dir, entry.name)) : [join(dir, entry.name)],
      ),
    );
    return nested.flat();
  }

  return {
    list_files: tool({
      description: 'Lists every file below a folder of the project (use "." for the whole project).',
      inputSchema: z.object({ path: z.string().describe('Folder, relative to the project root') }),
      execute: async ({ path }) => {
        try {
          const files = await listAll(resolveInside(path));
          return files.map((file) => relative(root, file)).join('\n');
        } catch {
          return (await listAll(root)).map((file) => relative(root, file)).join('\n');
        }
      },
    }),
    grep: tool({
      description: 'Finds lines matching a regular expression in every file of the project.',
      inputSchema: z.object({ pattern: z.string().describe('Regular expression') }),
      execute: async ({ pattern }) => {
        let regex: RegExp;
        try {
          regex = new RegExp(pattern);
        } catch {
          regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        }
        const hits: string[] = [];
        for (const file of await listAll(root)) {
          const lines = (await readFile(file, 'utf8')).split('\n');
          lines.forEach((line, index) => {
            if (regex.test(line)) hits.push(`${relative(root, file)}:${index + 1}: ${line.trim()}`);
          });
        }
        return hits.length > 0 ? hits.join('\n') : `no match for ${pattern}`;
      },
    }),
    read_file: tool({
      description: 'Reads one file of the project.',
      inputSchema: z.object({ path: z.string().describe('File, relative to the project root') }),
      execute: async ({ path }) => {
        try {
          return await readFile(resolveInside(path), 'utf8');
        } catch {
          return `no such file: ${path}`;
        }
      },
    }),
  };
}
