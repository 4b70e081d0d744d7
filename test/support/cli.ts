import { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Runs `childlink …` in-process with the given commands registered. Returns what it printed on
 * stdout and the exit code it set (progress on stderr is silenced).
 */
export async function runCliStatus(commands: readonly Register[], args: string[]): Promise<{ out: string; exitCode: number }> {
  const program = new Command('childlink').exitOverride();
  for (const register of commands) register(program);
  const chunks: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'childlink', ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out: chunks.join(''), exitCode };
}

/** As runCliStatus, stdout only. */
export async function runCli(commands: readonly Register[], args: string[]): Promise<string> {
  return (await runCliStatus(commands, args)).out;
}
