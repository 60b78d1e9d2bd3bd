import { run } from './main';

const code = await run(
  process.argv.slice(2),
  process.env,
  {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    progress: (text) => process.stderr.write(text),
  },
  process.stdout.isTTY === true && !process.env.NO_COLOR,
);
process.exitCode = code;
