/**
 * A progress bar on stderr: redrawn in place on a terminal, a line per quarter otherwise (CI logs),
 * and never on stdout, which stays for the command's real output.
 */
export class ProgressBar {
  private lastQuarter = -1;

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly isTerminal: boolean,
    private readonly label = 'Importing',
  ) {}

  update(done: number): void {
    const fraction = this.total === 0 ? 1 : done / this.total;
    if (this.isTerminal) {
      const width = 30;
      const filled = Math.round(fraction * width);
      this.write(`\r${this.label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${this.total}`);
      if (done >= this.total) this.write('\n');
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      this.write(`${this.label}: ${done}/${this.total}\n`);
    }
  }
}
