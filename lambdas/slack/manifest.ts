/** The placeholder slack-app-manifest.json uses for the API's base URL. */
export const API_URL_PLACEHOLDER = 'YOUR-API-URL';

/**
 * The Slack app manifest with the API's base URL filled in. The URL is taken as pasted: the
 * `ApiUrl` output (`https://….amazonaws.com/`, with its last slash), with or without its scheme,
 * so neither `https://https://` nor `//v1` can come out.
 */
export function slackManifest(template: string, apiUrl: string): string {
  const trimmed = apiUrl.trim().replace(/\/+$/, '');
  const base = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const origin = new URL(base); // refuses what is not a URL
  if (origin.protocol !== 'https:') throw new Error(`Slack calls only https URLs (got ${apiUrl})`);
  return template.replaceAll(`${API_URL_PLACEHOLDER}/`, `${base}/`);
}
