/**
 * The synthetic check, run on a schedule from another region than Lifeboat's: fetches the status
 * page and the API's /v1/health the way a visitor would. Any failure throws, which is what the
 * probe's alarm counts; a probe that stops running trips its own alarm too. No SDK, no config.
 */
const TIMEOUT_MS = 10_000;

const targets = {
  page: process.env.PAGE_URL,
  health: process.env.HEALTH_URL,
};

async function check(name: string, url: string | undefined): Promise<string | undefined> {
  if (!url) return `${name}: no URL configured`;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { 'user-agent': 'lifeboat-outside-probe' },
    });
    const body = await response.text();
    if (!response.ok) return `${name} (${url}) answered ${response.status}`;
    if (name === 'health' && !/"status"\s*:\s*"ok"/.test(body)) return `${name} (${url}) did not say ok`;
    return undefined;
  } catch (error) {
    return `${name} (${url}) did not answer within ${TIMEOUT_MS / 1000} s: ${(error as Error).message}`;
  }
}

export const handler = async (): Promise<{ page: 'up'; health: 'up' }> => {
  const failures = (await Promise.all(Object.entries(targets).map(([name, url]) => check(name, url)))).filter(Boolean);
  if (failures.length) throw new Error(`Lifeboat is not answering from outside its region: ${failures.join('; ')}`);
  return { page: 'up', health: 'up' };
};
