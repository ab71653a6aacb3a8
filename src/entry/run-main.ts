// How a bundle's main function ends the process: its code becomes the exit code; an
// exception here is a bug (user errors are ShipverErrors, printed by the commands).
export function runMain(start: () => Promise<number>): void {
  start().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const { version } = process;
      process.stderr.write(
        `shipver: internal error — this is a bug, please report it with the output below.\n` +
          `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nnode ${version}\n`,
      );
      process.exitCode = 70;
    },
  );
}
